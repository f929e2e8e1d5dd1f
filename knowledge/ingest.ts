/**
 * Ingestion: one straight pipeline over plain data.
 *
 *   raw text --clean--> logical lines --parse--> blocks (heading / paragraph / item / row) --chunk--> chunks
 *
 * Every chunk carries its source document and its character offsets. Offsets (`start`, `end`) are into
 * the CLEANED text of the document (`IngestedDocument.cleanText`), which is the cleaned lines joined with
 * "\n"; `cleanText.slice(start, end)` is the region the chunk was built from. The chunk `text` is that
 * region with continuation lines joined (a wrapped paragraph becomes one line), so it stays verbatim
 * enough for quoting: passages from the source appear in it as substrings once whitespace and quotes
 * are normalised. Balanced markdown bold (`**Meets:**`) is kept because it is what the source says and
 * renders as bold in Teams; unbalanced stray `**` from PDF extraction is removed.
 */
import type { DocumentMeta, SourceDocument } from './metadata.js';
import { docLabel } from './metadata.js';

export interface Chunk {
  id: string;
  docFile: string;
  authority: string;
  authorityFull: string;
  title: string;
  year: number;
  kind: string;
  label: string;
  headingPath: string[];
  /** Paragraph number as printed ("5.6", "6.1a", "13.14", "38"), or null. */
  paragraph: string | null;
  /** The passage, verbatim after noise cleaning. Lines: paragraph text, "- item", "a | b" table rows. */
  text: string;
  /** Offsets into IngestedDocument.cleanText. */
  start: number;
  end: number;
  /** Sentences and list items of `text`, used by the reranker and the extractive answerer. */
  units: string[];
  /** A table row under a header row: both rows' cells, empty ones kept, so each value has its column's name. */
  table?: { header: string[]; row: string[] };
}

export interface IngestedDocument {
  meta: DocumentMeta;
  cleanText: string;
  chunks: Chunk[];
}

// ---------------------------------------------------------------- cleaning

type Line =
  | { kind: 'blank' }
  | { kind: 'text'; text: string; forceHeading?: boolean }
  | { kind: 'row'; cells: string[] };

const BLOCK_HTML = /<(p|ul|ol|li|br)\b[^>]*>|•/i;

/** Character-level normalisation applied to the whole document first. */
export function normaliseChars(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201f\u2033]/g, '"');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Inline cleaning of one line of text (no line breaks in, none out). */
export function cleanInline(s: string): string {
  let t = s;
  // Each rewrite only where its mark is present: every line of every document passes here at each
  // index build, and most lines are plain words.
  // [text](target) -> text ; escaped parentheses inside the link text are handled below.
  if (t.includes('](')) t = t.replace(/\[((?:[^\]\\]|\\.)*)\]\((?:[^()\s]|\([^)]*\))*\)/g, '$1');
  if (t.includes('<')) t = t.replace(/<\/?[a-z][^>]*>/gi, ' ');
  if (t.includes('&')) t = t.replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_m, e: string) => ENTITIES[e] ?? ' ');
  if (t.includes('\\')) t = t.replace(/\\([()[\]*_#.\-])/g, '$1');
  if (t.includes('**')) {
    // Stray bold marker glued to a paragraph number ("6.1a** Agree").
    t = t.replace(/^(\s*(?:[-•*]\s+)?\d{1,2}(?:\.\d{1,2})?[a-z]?\.?)\*\*/, '$1');
    // Unbalanced ** on a line is extraction noise; balanced bold is kept.
    const bolds = t.match(/\*\*/g)?.length ?? 0;
    if (bolds % 2 === 1) t = t.replace(/\*\*/g, '');
    t = t.replace(/\*\*\s*\*\*/g, ' ');
  }
  t = t.replace(/[ \t]+/g, ' ').trim();
  // Bullets of any shape -> "- ".
  t = t.replace(/^(?:[•▪◦●·]|[-*](?=\s))\s*/, '- ');
  if (t === '-' || /^[-–—\s|]+$/.test(t)) return '';
  return t;
}

/** Expand a table cell holding HTML (<p>, <ul><li>, bullets) into lines. */
function expandHtmlCell(cell: string): string[] {
  const t = cell
    .replace(/<li\b[^>]*>/gi, '\n- ')
    .replace(/<\/li>/gi, '\n')
    .replace(/<\/?(p|ul|ol|div)\b[^>]*>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/•/g, '\n- ');
  const out: string[] = [];
  for (const part of t.split('\n')) {
    const c = cleanInline(part);
    if (!c || c === '-') continue;
    out.push(c.replace(/^- (?:- )+/, '- '));
  }
  return out;
}

function pushBlank(lines: Line[]): void {
  if (lines.length > 0 && lines[lines.length - 1]!.kind !== 'blank') lines.push({ kind: 'blank' });
}

function toLines(raw: string): Line[] {
  const lines: Line[] = [];
  const rawLines = normaliseChars(raw).split('\n');
  for (const rawLine of rawLines) {
    if (/^[\s\-–|]*$/.test(rawLine) || /^[\s\-–|\t]*$/.test(rawLine)) {
      pushBlank(lines);
      continue;
    }
    const cells = rawLine.includes('\t') ? rawLine.split('\t') : null;
    if (BLOCK_HTML.test(rawLine)) {
      // A row (or a lone cell) carrying HTML: each cell becomes its own small passage.
      const parts = cells ?? [rawLine];
      // A plain row just before it is its header ("Advantages" / "Disadvantages").
      let header: string[] | null = null;
      const prev = lines[lines.length - 1];
      if (prev && prev.kind === 'row') {
        header = prev.cells;
        lines.pop();
      }
      pushBlank(lines);
      parts.forEach((cell, i) => {
        const expanded = expandHtmlCell(cell);
        if (expanded.length === 0) return;
        const h = header?.[i];
        if (h) {
          lines.push({ kind: 'text', text: h.replace(/:$/, ''), forceHeading: true });
          pushBlank(lines);
        }
        let prevBullet = false;
        for (const e of expanded) {
          const bullet = e.startsWith('- ');
          if (!bullet || !prevBullet) pushBlank(lines);
          lines.push({ kind: 'text', text: e });
          prevBullet = bullet;
        }
        pushBlank(lines);
      });
      continue;
    }
    if (cells) {
      const clean = cells.map((c) => cleanInline(c).replace(/^- /, ''));
      const nonEmpty = clean.filter((c) => c.length > 0);
      if (nonEmpty.length === 0) {
        pushBlank(lines);
      } else if (nonEmpty.length === 1 && clean[0] !== '' && clean.length <= 2 && nonEmpty[0]!.length > 60) {
        lines.push({ kind: 'text', text: nonEmpty[0]! });
      } else if (nonEmpty.length === 1 && clean[0] !== '' && clean.slice(1).every((c) => c === '')) {
        lines.push({ kind: 'text', text: nonEmpty[0]! });
      } else {
        lines.push({ kind: 'row', cells: clean });
      }
      continue;
    }
    const c = cleanInline(rawLine);
    if (!c) pushBlank(lines);
    else lines.push({ kind: 'text', text: c });
  }
  return lines;
}

function entryKey(l: Line): string {
  const t = l.kind === 'row' ? (l.cells.find((c) => c) ?? '') : l.kind === 'text' ? l.text : '';
  return t.replace(/^- /, '').replace(/\*/g, '').replace(/\s+\d+$/, '').trim().toLowerCase();
}

/** Drop a table of contents: from a "Contents" line up to the line that repeats its first entry. */
function dropContents(lines: Line[]): Line[] {
  const ci = lines.findIndex((l) => l.kind === 'text' && /^contents:?$/i.test(l.text.replace(/\*/g, '').trim()));
  if (ci < 0) return lines;
  let fi = ci + 1;
  while (fi < lines.length && lines[fi]!.kind === 'blank') fi++;
  if (fi >= lines.length) return lines;
  const first = entryKey(lines[fi]!);
  if (!first) return lines;
  for (let j = fi + 1; j < lines.length; j++) {
    if (entryKey(lines[j]!) === first) return [...lines.slice(0, ci), ...lines.slice(j)];
  }
  return lines;
}

// ---------------------------------------------------------------- structure

type Block =
  | { type: 'heading'; text: string; level: number; line: number }
  | { type: 'para'; text: string; paragraph: string | null; first: number; last: number }
  | { type: 'item'; text: string; first: number; last: number }
  | { type: 'row'; cells: string[]; line: number };

const RE_MD = /^(#{1,6})\s+(.*)$/;
const RE_SUB = /^(?:- )?(\d{1,2}\.\d{1,2}[a-z]?)\.?\s+(.+)$/;
const RE_NUM = /^(?:- )?(\d{1,2})\.\s+(.+)$/;
const RE_KV = /^[A-Za-z][\w ()/'&-]{0,40}:\s+\S/;
const SUB_HEADING = 10;

function stripMd(s: string): string {
  return s.replace(/\*+/g, '').replace(/\s+/g, ' ').trim();
}

function isCaps(s: string): boolean {
  const letters = s.replace(/[^A-Za-z]/g, '');
  return letters.length >= 4 && letters === letters.toUpperCase();
}

function parseBlocks(lines: Line[], texts: string[]): Block[] {
  // Decide, per document, what a single-number line ("5. Who can commission…", "12. The youngest…") is.
  const subFirst = new Map<string, number>(); // section number -> line of first N.x paragraph
  const numLines: Array<{ i: number; n: string; text: string }> = [];
  lines.forEach((l, i) => {
    if (l.kind !== 'text') return;
    const s = RE_SUB.exec(l.text);
    if (s) {
      const n = s[1]!.split('.')[0]!;
      if (!subFirst.has(n)) subFirst.set(n, i);
      return;
    }
    const m = RE_NUM.exec(l.text);
    if (m) numLines.push({ i, n: m[1]!, text: m[2]! });
  });
  const numMode = new Map<number, 'heading' | 'para' | 'item'>();
  const prevNonBlank = (i: number): Line | undefined => {
    for (let j = i - 1; j >= 0; j--) if (lines[j]!.kind !== 'blank') return lines[j];
    return undefined;
  };
  const standalone = (i: number): boolean =>
    (i === 0 || lines[i - 1]!.kind === 'blank') && (i === lines.length - 1 || lines[i + 1]!.kind === 'blank');
  const listContext = (i: number): boolean => {
    const p = prevNonBlank(i);
    const immediate = i > 0 ? lines[i - 1] : undefined;
    return (
      (p?.kind === 'text' && /:$/.test(p.text)) ||
      (immediate?.kind === 'text' && (RE_NUM.test(immediate.text) || immediate.text.startsWith('- ')))
    );
  };
  if (subFirst.size > 0) {
    for (const n of new Set(numLines.map((x) => x.n))) {
      const firstSub = subFirst.get(n);
      const cands = numLines.filter((x) => x.n === n && firstSub !== undefined && x.i < firstSub);
      const h = cands[cands.length - 1];
      for (const x of numLines.filter((y) => y.n === n)) {
        if (x === h && x.text.length <= 100) numMode.set(x.i, 'heading');
        else if (standalone(x.i) && x.text.length <= 60 && !/[.:;,]$/.test(x.text) && !listContext(x.i))
          numMode.set(x.i, 'heading');
        else numMode.set(x.i, 'item');
      }
    }
  } else {
    const maxN = Math.max(0, ...numLines.map((x) => Number(x.n)));
    const longFrac = numLines.filter((x) => x.text.length > 100).length / Math.max(1, numLines.length);
    const paraMode = maxN > 20 || longFrac > 0.3;
    for (const x of numLines) {
      if (paraMode) numMode.set(x.i, 'para');
      else if (x.text.length <= 80 && !listContext(x.i)) numMode.set(x.i, 'heading');
      else numMode.set(x.i, 'item');
    }
  }

  const blocks: Block[] = [];
  const last = (): Block | undefined => blocks[blocks.length - 1];
  lines.forEach((l, i) => {
    if (l.kind === 'blank') return;
    if (l.kind === 'row') {
      blocks.push({ type: 'row', cells: l.cells, line: i });
      return;
    }
    const text = l.text;
    if (l.forceHeading) {
      blocks.push({ type: 'heading', text: stripMd(text), level: SUB_HEADING, line: i });
      return;
    }
    const md = RE_MD.exec(text);
    if (md) {
      blocks.push({ type: 'heading', text: stripMd(md[2]!), level: md[1]!.length, line: i });
      return;
    }
    // Continuation of a paragraph or item wrapped across a page break: starts lower-case.
    const prev = last();
    if (/^[a-z]/.test(text) && !/^[a-z][.)]\s/.test(text) && prev && (prev.type === 'para' || prev.type === 'item')) {
      prev.text = `${prev.text} ${text}`;
      prev.last = i;
      texts[i] = text;
      return;
    }
    const sub = RE_SUB.exec(text);
    if (sub) {
      blocks.push({ type: 'para', text: sub[2]!, paragraph: sub[1]!, first: i, last: i });
      texts[i] = `${sub[1]} ${sub[2]}`;
      return;
    }
    const mode = numMode.get(i);
    const num = RE_NUM.exec(text);
    if (num && mode) {
      if (mode === 'heading') blocks.push({ type: 'heading', text: stripMd(`${num[1]}. ${num[2]}`), level: 1, line: i });
      else if (mode === 'para') blocks.push({ type: 'para', text: num[2]!, paragraph: num[1]!, first: i, last: i });
      else blocks.push({ type: 'item', text: text.replace(/^- /, ''), first: i, last: i });
      return;
    }
    if (text.startsWith('- ')) {
      blocks.push({ type: 'item', text: text.slice(2), first: i, last: i });
      return;
    }
    const plain = stripMd(text);
    if (
      standalone(i) &&
      plain.length <= 80 &&
      /^[A-Z0-9]/.test(plain) &&
      /[A-Za-z]{2}/.test(plain) &&
      !/[.:;,!]$/.test(plain) &&
      !RE_KV.test(plain) &&
      !/^(www\.|https?:)/.test(plain)
    ) {
      blocks.push({ type: 'heading', text: plain, level: isCaps(plain) ? 1 : SUB_HEADING, line: i });
      return;
    }
    blocks.push({ type: 'para', text, paragraph: null, first: i, last: i });
  });
  return blocks;
}

// ---------------------------------------------------------------- chunking

const MAX_CHUNK = 1400;

/** Split a passage into sentences and list items. */
export function splitUnits(text: string): string[] {
  const units: string[] = [];
  for (const line of text.split('\n')) {
    const l = line.replace(/^- /, '').trim();
    if (!l) continue;
    if (line.includes(' | ')) {
      units.push(l);
      continue;
    }
    // A list item's own number ("1. Quality of Education") starts the item; it is no sentence of its own.
    const parts = l.split(/(?<=[.!?])(?<!^(?:\d{1,2}|[A-Za-z])\.)\s+(?=["'(]?[A-Z0-9])/);
    for (const p of parts) if (p.trim()) units.push(p.trim());
  }
  return units;
}

interface Draft {
  headingPath: string[];
  paragraph: string | null;
  lines: string[];
  first: number;
  last: number;
  intro: string | null;
  kind: 'para' | 'list' | 'table';
  table?: { header: string[]; row: string[] };
}

export function ingestDocument(doc: SourceDocument): IngestedDocument {
  const { meta } = doc;
  const lines = dropContents(toLines(doc.raw));
  const texts = lines.map((l) => (l.kind === 'text' ? l.text : l.kind === 'row' ? l.cells.filter((c) => c).join(' | ') : ''));
  const blocks = parseBlocks(lines, texts);

  // Heading stack; headings with no content between them at the same level are merged.
  const stack: Array<{ level: number; text: string }> = [];
  let contentSinceHeading = true;
  const drafts: Draft[] = [];
  let cur: Draft | null = null;
  let table: { header: string[] | null; rows: Array<{ cells: string[]; line: number }> } | null = null;

  const flush = (): void => {
    if (cur) drafts.push(cur);
    cur = null;
  };
  const path = (): string[] => stack.map((s) => s.text);

  const flushTable = (): void => {
    if (!table) return;
    const t = table;
    table = null;
    const rows = t.rows;
    const render = (cells: string[]): string => cells.filter((c) => c).join(' | ');
    const hasHeader = rows.length >= 3 && rows[0]!.cells.length >= 3 && rows[0]!.cells.every((c) => c.length <= 40);
    if (hasHeader) {
      const header = render(rows[0]!.cells);
      for (const r of rows.slice(1)) {
        drafts.push({
          headingPath: path(), paragraph: null, lines: [header, render(r.cells)], first: rows[0]!.line, last: r.line,
          intro: null, kind: 'table', table: { header: rows[0]!.cells, row: r.cells },
        });
      }
    } else {
      let group: Draft | null = null;
      for (const r of rows) {
        const line = render(r.cells);
        if (!group || group.lines.join('\n').length + line.length > 600) {
          if (group) drafts.push(group);
          group = { headingPath: path(), paragraph: null, lines: [], first: r.line, last: r.line, intro: null, kind: 'table' };
        }
        group.lines.push(line);
        group.last = r.line;
      }
      if (group) drafts.push(group);
    }
  };

  for (const b of blocks) {
    if (b.type !== 'row') flushTable();
    if (b.type === 'heading') {
      flush();
      const top = stack[stack.length - 1];
      if (!contentSinceHeading && top && top.level === b.level) {
        top.text = `${top.text} · ${b.text}`;
      } else {
        while (stack.length > 0 && stack[stack.length - 1]!.level >= b.level) stack.pop();
        stack.push({ level: b.level, text: b.text });
      }
      contentSinceHeading = false;
      continue;
    }
    contentSinceHeading = true;
    if (b.type === 'row') {
      flush();
      if (!table) table = { header: null, rows: [] };
      table.rows.push({ cells: b.cells, line: b.line });
      continue;
    }
    if (b.type === 'item') {
      const c = cur as Draft | null;
      if (c && (c.kind === 'para' || c.kind === 'list')) {
        c.lines.push(`- ${b.text}`);
        c.last = b.last;
        c.kind = c.kind === 'para' ? 'para' : 'list';
      } else {
        flush();
        cur = { headingPath: path(), paragraph: null, lines: [`- ${b.text}`], first: b.first, last: b.last, intro: null, kind: 'list' };
      }
      continue;
    }
    // Paragraph. A very short label ending with ":" ("Purpose:") carries on into the next paragraph.
    const c = cur as Draft | null;
    if (c && c.kind === 'para' && c.lines.length === 1 && b.paragraph === null && /:$/.test(c.lines[0]!) && c.lines[0]!.length < 40) {
      c.lines[0] = `${c.lines[0]} ${b.text}`;
      c.last = b.last;
      continue;
    }
    flush();
    cur = { headingPath: path(), paragraph: b.paragraph, lines: [b.text], first: b.first, last: b.last, intro: b.text, kind: 'para' };
  }
  flush();
  flushTable();

  // Build clean text and offsets.
  const lineStart: number[] = [];
  let off = 0;
  for (const t of texts) {
    lineStart.push(off);
    off += t.length + 1;
  }
  const cleanText = texts.join('\n');

  const chunks: Chunk[] = [];
  const label = docLabel(meta);
  const emit = (d: Draft, lns: string[]): void => {
    const text = lns.join('\n').trim();
    if (!text || !/[A-Za-z]{3}/.test(text)) return;
    chunks.push({
      id: `${meta.file}#${chunks.length}`,
      docFile: meta.file,
      authority: meta.authority,
      authorityFull: meta.authorityFull,
      title: meta.title,
      year: meta.year,
      kind: meta.kind,
      label,
      headingPath: d.headingPath,
      paragraph: d.paragraph,
      text,
      start: lineStart[d.first] ?? 0,
      end: (lineStart[d.last] ?? 0) + (texts[d.last]?.length ?? 0),
      units: splitUnits(text),
      ...(d.table ? { table: d.table } : {}),
    });
  };
  for (const d of drafts) {
    const total = d.lines.join('\n').length;
    if (total <= MAX_CHUNK || d.lines.length <= 2) {
      emit(d, d.lines);
      continue;
    }
    // Long list: keep the introducing paragraph at the head of every part.
    const intro = d.kind === 'para' ? d.lines[0]! : null;
    const items = intro ? d.lines.slice(1) : d.lines;
    let part: string[] = [];
    const partLen = (): number => part.join('\n').length + (intro?.length ?? 0);
    for (const it of items) {
      if (part.length > 0 && partLen() + it.length > MAX_CHUNK) {
        emit(d, intro ? [intro, ...part] : part);
        part = [];
      }
      part.push(it);
    }
    if (part.length > 0) emit(d, intro ? [intro, ...part] : part);
  }
  return { meta, cleanText, chunks };
}

export function ingestCorpus(documents: SourceDocument[]): IngestedDocument[] {
  return documents.map(ingestDocument);
}
