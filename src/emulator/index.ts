/**
 * `zaby-chat/emulator`: a local Zaby server for demos, tests and building a host backend
 * without an account (Node only).
 */
export {
  DEFAULT_ALLOWED_ORIGINS,
  DEFAULT_API_KEY,
  startEmulator,
  type EmulatorOptions,
  type EmulatorStats,
  type FaultSpec,
  type OpenAiOptions,
  type RunningEmulator,
} from './server.ts';
export {DEFAULT_SEED, type DevSeed} from './seed.ts';
