// Public entry point of the telephony package (pure: imports nothing from server/).
export { AmiMessage, AmiParser, AmiParseError, serializeBlock } from "./ami/parser.ts";
export type { AmiHeader, AmiParserOutput, AmiParserOptions } from "./ami/parser.ts";
export { AmiClient, AmiError } from "./ami/client.ts";
export type {
  AmiActionFields,
  AmiActionOptions,
  AmiActionResult,
  AmiActionValue,
  AmiBackoffOptions,
  AmiClientEvents,
  AmiClientOptions,
  AmiErrorCode,
  AmiState,
} from "./ami/client.ts";
export { CallBridge, originateReasonText, citizenOutcomeOf } from "./bridge.ts";
export type {
  AmiLike,
  CallBridgeEvents,
  CallBridgeOptions,
  CallEvent,
  CallEventType,
  CallRecord,
  CitizenOutcome,
  CitizenResult,
  CallStatus,
  EndReason,
  HungUpBy,
  OriginateFailureText,
  OriginateRequest,
  OriginateResult,
  PbxSnapshot,
} from "./bridge.ts";
