// What the bot understands in chat, with buttons for the two things people come for.
import helpTemplate from './templates/help.json' with { type: 'json' };
import { defaultWording, type Wording } from '../wording/wording.ts';
import { verbs } from './card-contract.ts';
import { expandCard, type AdaptiveCardJson, type CardHostOptions } from './expand-template.ts';
import { appCardLink } from './dispute-links.ts';

export interface HelpCardInput extends CardHostOptions {
  /** TEAMS_APP_ID: in Teams the link then opens the app's tab (dispute-links.ts). */
  teamsAppId?: string | null;
  /** The app's public address; the card links to it when given. */
  appBaseUrl?: string;
  wording?: Wording;
}

export const helpCommands: readonly { command: string; key: `help.command.${string}` }[] = [
  { command: 'raise', key: 'help.command.raise' },
  { command: 'mine', key: 'help.command.mine' },
  { command: 'open <reference>', key: 'help.command.open' },
  { command: 'help', key: 'help.command.help' },
];

export function renderHelpCard(input: HelpCardInput): AdaptiveCardJson {
  const words = input.wording ?? defaultWording;
  return expandCard(
    helpTemplate,
    {
      title: words.text('help.title'),
      intro: words.text('help.intro'),
      commands: helpCommands.map((c) => ({
        command: c.command,
        what: words.text(c.key as 'help.command.raise'),
      })),
      raise: { verb: verbs.showRaiseForm, title: words.text('help.button.raise') },
      mine: { verb: verbs.mine, title: words.text('help.button.mine') },
      open: { title: words.text('help.button.open') },
      openUrl: input.appBaseUrl
        ? appCardLink({ appBaseUrl: input.appBaseUrl, teamsAppId: input.teamsAppId ?? null }, input.host)
        : '',
    },
    input,
  );
}
