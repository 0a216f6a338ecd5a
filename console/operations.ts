import { operations as audit } from './pages/audit.ts';
import { operations as codes } from './pages/codes.ts';
import { operations as deadLetters } from './pages/dead-letters.ts';
import { operations as grants } from './pages/grants.ts';
import { operations as signIn } from './pages/sign-in.ts';
import { operations as suspensions } from './pages/suspensions.ts';

/**
 * Every GraphQL document the console sends, verbatim. A gateway in
 * persisted-operations mode runs only the documents it was given; the hub
 * adds these, so the console, which reaches data only through GraphQL as
 * the signed-in steward, keeps working there under every rule of the
 * gateway (no exemption for in-process calls: they would be a second door).
 */
export const consoleOperations: readonly string[] = [...signIn, ...grants, ...suspensions, ...audit, ...deadLetters, ...codes];
