// Parses an Adaptive Card with the Adaptive Cards SDK for the card's own schema version, as a host
// would, and returns what the SDK complains of (empty when the card is sound). Parsing needs no DOM.
import * as AC from 'adaptivecards';

const sdkVersions: Record<string, AC.Version> = {
  '1.3': AC.Versions.v1_3,
  '1.4': AC.Versions.v1_4,
  '1.5': AC.Versions.v1_5,
};

export function cardSdkProblems(json: Record<string, unknown>): string[] {
  const version = sdkVersions[String(json.version)];
  if (!version) return [`unexpected version ${String(json.version)}`];
  const context = new AC.SerializationContext(version);
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...card.validateProperties().validationEvents);
  return events.map((e) => `${AC.ValidationEvent[e.event]}: ${e.message}`);
}
