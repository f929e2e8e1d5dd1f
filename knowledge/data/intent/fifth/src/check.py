import json, difflib, re, glob, collections, os
D='/work/train5/'
harm=re.compile(r"\b(abus\w*|hit|hits|hitting|hurt\w*|harm\w*|self[- ]?harm|suicid\w*|kill\w*|missing|exploit\w*|weapon\w*|knife|knives|drug\w*|groom\w*|rape\w*|assault\w*|neglect\w*|beat\w*|bruis\w*|touch\w*|violen\w*|county lines|FGM|forced|radical\w*|sofa|homeless\w*|die|dying|dead|ending it|pregnan\w*|sex\w*|substance|cutting|cuts|scared|afraid|unsafe|risk|police|protection|CP plan|social worker|care|CIN|LAC|youth offending|stolen|conviction\w*)\b", re.I)
report={}
for fn in ['out_of_scope.jsonl','personal.jsonl','questions.jsonl','statements.jsonl']:
    rows=[json.loads(l) for l in open(D+fn,encoding='utf-8')]
    assert all(set(r)=={'text','label','sub'} for r in rows), fn
    assert all(isinstance(r[k],str) and r[k] for r in rows for k in r)
    texts=[r['text'] for r in rows]
    dups=[t for t,c in collections.Counter(texts).items() if c>1]
    pairs=[]
    low=[t.lower() for t in texts]
    for i in range(len(low)):
        sm=difflib.SequenceMatcher(None, low[i], autojunk=False)
        for j in range(i+1,len(low)):
            sm.set_seq1(low[j]) if False else None
            s=difflib.SequenceMatcher(None, low[i], low[j])
            if s.real_quick_ratio()>0.75 and s.quick_ratio()>0.75 and s.ratio()>0.75:
                pairs.append((round(s.ratio(),3),texts[i],texts[j]))
    hits=[(r['sub'],r['text'],sorted(set(m.group(0).lower() for m in harm.finditer(r['text'])))) for r in rows if harm.search(r['text'])]
    print(f"== {fn}: {len(rows)} rows, dups {len(dups)}, pairs>0.75 {len(pairs)}, harm-word lines {len(hits)}")
    print('  subs:', dict(collections.Counter(r['sub'] for r in rows)))
    for p in pairs: print('  PAIR',p)
    for h in hits: print('  HW',h)
