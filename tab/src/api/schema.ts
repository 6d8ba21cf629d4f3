// The API's shapes as the tab names them, every one taken from the types generated from the
// server's own route schemas (openapi-schema.d.ts, `npm run contract:generate`): the tab keeps no
// copy of the contract.
import type { components, paths } from './openapi-schema.d.ts';

type Schemas = components['schemas'];
type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never;
/** The JSON body of a route's success (200 or 201). */
type Answer<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends {
  responses: infer R;
}
  ? Json<R[200 & keyof R]> | Json<R[201 & keyof R]>
  : never;

export type UserView = Schemas['User'];
export type MeView = Schemas['Me'];
export type DisputeRow = Schemas['DisputeListItem'];
export type DisputeView = Schemas['DisputeView'];
export type DisputeEvent = Schemas['DisputeEvent'];
export type AllowedActions = Schemas['AllowedActions'];
export type ProtocolDetail = Schemas['Protocol'];
export type StageDefinition = ProtocolDetail['stages'][number];
export type AdminOverview = Schemas['AdminOverview'];
export type Report = Schemas['BoardReport'];
export type ProtocolSummary = Answer<'/api/protocols', 'get'>[number];
export type EscalationPreview = Answer<'/api/protocols/{id}/preview', 'get'>;
export type CaseNote = Answer<'/api/disputes/{id}/case-note', 'get'>;
export type RetentionView = Answer<'/api/admin/retention', 'get'>;
export type DisposalRun = Answer<'/api/admin/disposal', 'post'>;
export type ListView = NonNullable<NonNullable<paths['/api/disputes']['get']['parameters']['query']>['view']>;
export type RaiseRequest = NonNullable<
  paths['/api/disputes']['post']['requestBody']
>['content']['application/json'];
