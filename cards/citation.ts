import { card, text, type AdaptiveCard } from './adaptive.js';

export interface CitedPassage {
  /** "Hillingdon AP Guidance 2024/25, 5.6" */
  label: string;
  /** The document's full title. */
  title: string;
  year: number;
  /** The heading path, "4. Statutory responsibilities > Permanent exclusion". */
  section: string;
  /** The passage exactly as indexed. */
  text: string;
}

/**
 * What Teams shows when a citation marker is opened: the whole passage, under the document and
 * section it comes from, so staff can check the answer against its source without leaving chat.
 */
export function citationCard(p: CitedPassage): AdaptiveCard {
  return card([
    text(p.label, { weight: 'Bolder' }),
    text(`${p.title} (${p.year})${p.section ? ` · ${p.section}` : ''}`, { isSubtle: true, size: 'Small', spacing: 'None' }),
    // Passages keep their list items and table rows on their own lines.
    text(p.text.replace(/\n/g, '\n\n')),
  ]);
}
