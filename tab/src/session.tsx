// What every view needs to know: who is signed in, the protocols in force, people's names and a
// way to tell screen readers what happened.
import { createContext, useContext } from 'react';
import type { MeView, ProtocolDetail } from './api/schema.ts';
import type { HostInfo } from './host/teams-host.ts';

/** A person as the tab names them (id, name, job title). */
export interface KnownPerson {
  id: string;
  name: string;
  jobTitle: string;
}

export interface Session {
  /** The signed-in person and what the server says they may do (raise under, oversee). */
  me: MeView;
  devMode: boolean;
  host: HostInfo;
  protocols: ProtocolDetail[];
  people: Map<string, KnownPerson>;
  announce(message: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
}

export function protocolOf(s: Pick<Session, 'protocols'>, id: string): ProtocolDetail | undefined {
  return s.protocols.find((p) => p.id === id);
}

export function stageName(
  s: Pick<Session, 'protocols'>,
  protocolId: string,
  stageId: string | null | undefined,
): string {
  if (!stageId) return '';
  return protocolOf(s, protocolId)?.stages.find((st) => st.id === stageId)?.name ?? stageId;
}

export function themeLabel(s: Pick<Session, 'protocols'>, protocolId: string, themeId: string): string {
  return protocolOf(s, protocolId)?.themes.find((t) => t.id === themeId)?.label ?? themeId;
}

export function roleLabel(s: Pick<Session, 'protocols'>, protocolId: string, role: string): string {
  return protocolOf(s, protocolId)?.roles[role]?.label ?? role;
}

export function personName(s: Pick<Session, 'people'>, id: string): string {
  if (id === 'system') return 'CP Disputes (automatic)';
  return s.people.get(id)?.name ?? id;
}

export function personWithTitle(s: Pick<Session, 'people'>, id: string): string {
  const p = s.people.get(id);
  return p ? `${p.name} (${p.jobTitle})` : personName(s, id);
}
