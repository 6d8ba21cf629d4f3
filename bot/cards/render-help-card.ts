// What the bot understands in chat.
import helpTemplate from './templates/help.json' with { type: 'json' };
import { expandCard, type AdaptiveCardJson, type CardHostOptions } from './expand-template.ts';
import { appCardLink } from './dispute-links.ts';

export interface HelpCardInput extends CardHostOptions {
  /** TEAMS_APP_ID: in Teams the link then opens the app's tab (dispute-links.ts). */
  teamsAppId?: string | null;
  /** The app's public address; the card links to it when given. */
  appBaseUrl?: string;
}

export const helpCommands: readonly { command: string; what: string }[] = [
  {
    command: 'raise',
    what: 'Raise a practice dispute: a form to fill in, with a preview of every stage and its dates.',
  },
  { command: 'mine', what: 'The open disputes you raised, must answer, or are copied in on.' },
  {
    command: 'open <reference>',
    what: 'Show one dispute by its reference, for example "open CPD-7K3QX2".',
  },
  { command: 'help', what: 'This list.' },
];

export function renderHelpCard(input: HelpCardInput): AdaptiveCardJson {
  return expandCard(
    helpTemplate,
    {
      intro:
        'Type one of these in this chat. Cards for disputes you are involved in arrive here by themselves.',
      commands: helpCommands,
      openUrl: input.appBaseUrl
        ? appCardLink({ appBaseUrl: input.appBaseUrl, teamsAppId: input.teamsAppId ?? null }, input.host)
        : '',
    },
    input,
  );
}
