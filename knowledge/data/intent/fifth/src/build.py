import json, difflib, re, sys, collections
S='/work/train5/src/'
def read(files):
    out=[]
    for f in files:
        for ln in open(S+f, encoding='utf-8'):
            ln=ln.rstrip('\n')
            if not ln.strip(): continue
            a,b=ln.split('\t',1)
            out.append((a,b.strip()))
    return out
sets={
 'out_of_scope.jsonl': ('out_of_scope', None, read(['oos_a.tsv','oos_b.tsv','oos_c.tsv','oos_d.tsv'])),
 'personal.jsonl': ('personal_data', None, read(['pers_a.tsv','pers_b.tsv','pers_c.tsv'])),
 'questions.jsonl': ('ap', 'in_scope', read(['q_bromley25.tsv','q_bury.tsv','q_bcp.tsv','q_hill.tsv','q_brom21.tsv','q_cross.tsv'])),
 'statements.jsonl': ('ap', 'referral_context', read(['stmts.tsv'])),
}
alltexts=collections.Counter()
for fn,(label,fixed,rows) in sets.items():
    with open('/work/train5/'+fn,'w',encoding='utf-8') as fh:
        for a,t in rows:
            sub = fixed if fixed else a
            fh.write(json.dumps({"text":t,"label":label,"sub":sub},ensure_ascii=False)+'\n')
            alltexts[t.lower()]+=1
print('cross-file dup texts:', [t for t,c in alltexts.items() if c>1])
