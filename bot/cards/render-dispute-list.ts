// A list of disputes ("mine", search results), each with an Open button.
import listTemplate from './templates/dispute-list.json' with { type: 'json' };
import { formatDay, type TextColor } from './card-text.ts';
import { expandCard, type AdaptiveCardJson, type CardHostOptions } from './expand-template.ts';
import { defaultWording, type Wording } from '../wording/wording.ts';

export interface DisputeListItem {
  id: string;
  /** The stream version, carried by the Open button like every dispute action. */
  version: number;
  reference: string;
  /** Initials (or what the protocol allows) and case number, already cut for the viewer. */
  childLabel: string;
  stageName: string;
  dueOn: string | null;
  overdue: boolean;
  status: 'open' | 'resolved' | 'withdrawn';
}

export interface DisputeListInput extends CardHostOptions {
  title: string;
  items: readonly DisputeListItem[];
  /** The sentence for an empty list. */
  emptyText?: string;
  /** The lists have more than these items (a page was full). */
  more?: boolean;
  wording?: Wording;
}

/** Beyond this many, the card says how many more there are (Teams refuses large cards). */
export const maxListItems = 25;

export function renderDisputeList(input: DisputeListInput): AdaptiveCardJson {
  const shown = input.items.slice(0, maxListItems);
  const more = input.items.length - shown.length;
  const words = input.wording ?? defaultWording;
  return expandCard(
    listTemplate,
    {
      title: input.title,
      isEmpty: input.items.length === 0,
      emptyText: input.emptyText ?? words.text('list.empty'),
      openTitle: words.text('list.button.open'),
      items: shown.map((item) => ({
        id: item.id,
        version: item.version,
        heading: `${item.reference} · ${item.childLabel}`,
        stageName: item.stageName,
        overdue: item.overdue,
        dueText: dueText(item, words),
        dueColor: (item.overdue ? 'Attention' : 'Default') satisfies TextColor,
      })),
      moreText:
        more > 0
          ? words.text('list.more', { count: more })
          : input.more
            ? words.text('list.moreBeyondPage')
            : '',
    },
    input,
  );
}

function dueText(item: DisputeListItem, words: Wording): string {
  if (item.status === 'resolved') return words.text('list.status.resolved');
  if (item.status === 'withdrawn') return words.text('list.status.withdrawn');
  if (!item.dueOn) return words.text('list.status.open');
  return words.text(item.overdue ? 'list.overdue' : 'list.due', { day: formatDay(item.dueOn) });
}
