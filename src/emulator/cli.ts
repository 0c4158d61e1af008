#!/usr/bin/env node
/**
 * `zaby-emulator` / `npm run emulator`: the local Zaby server on ZABY_PORT (default 9080).
 * Settings: ZABY_API_KEY, ZABY_ALLOWED_ORIGINS (comma-separated; default the demo's
 * origins), ZABY_SEED (the seeded ids derive from it), ZABY_DELTA_MS, ZABY_HOST, ZABY_LOG;
 * ZABY_OPENAI_BASE_URL (+ ZABY_OPENAI_MODEL, ZABY_OPENAI_API_KEY): a model instead of the
 * scripted agent.
 */
import {DEFAULT_SEED} from './seed.ts';
import {DEFAULT_ALLOWED_ORIGINS, DEFAULT_API_KEY, startEmulator} from './server.ts';

const env = process.env;
const origins = env['ZABY_ALLOWED_ORIGINS']
  ?.split(',')
  .map((o) => o.trim())
  .filter(Boolean);
const seed = env['ZABY_SEED'] || DEFAULT_SEED;
const openai = env['ZABY_OPENAI_BASE_URL']
  ? {
      baseUrl: env['ZABY_OPENAI_BASE_URL'],
      model: env['ZABY_OPENAI_MODEL'] || 'gpt-4o-mini',
      ...(env['ZABY_OPENAI_API_KEY'] ? {apiKey: env['ZABY_OPENAI_API_KEY']} : {}),
    }
  : undefined;
const emulator = await startEmulator({
  port: Number(env['ZABY_PORT'] ?? 9080),
  host: env['ZABY_HOST'] ?? '127.0.0.1',
  apiKey: env['ZABY_API_KEY'] || DEFAULT_API_KEY,
  allowedOrigins: origins?.length ? origins : DEFAULT_ALLOWED_ORIGINS,
  seed,
  ...(env['ZABY_DELTA_MS'] ? {deltaMs: Number(env['ZABY_DELTA_MS'])} : {}),
  ...(env['ZABY_LOG'] ? {log: (line: string) => console.log(line)} : {}),
  ...(openai ? {openai} : {}),
});

console.log(`Zaby emulator listening on ${emulator.origin}
  API key:          ${emulator.apiKey}
  agent:            ${emulator.seed.agentId} (version ${emulator.seed.agentVersionId})
  deployment:       ${emulator.seed.deploymentId}
  external app:     ${emulator.seed.externalAppId}
  binding:          ${emulator.seed.bindingId}
  quota policy:     ${emulator.seed.quotaPolicyId}
  ids from seed:    ${seed}${seed === DEFAULT_SEED ? ' (the default; set ZABY_SEED for others)' : ''}
  allowed origins:  ${emulator.allowedOrigins.join(', ')}${origins?.length ? '' : ' (the default; set ZABY_ALLOWED_ORIGINS)'}
  agent behind it:  ${openai ? `${openai.model} at ${openai.baseUrl}` : 'the scripted agent (set ZABY_OPENAI_BASE_URL for a model)'}
Mint a token: POST ${emulator.origin}/api/v1/provisioning/agentic-os/runtime-tokens (see README).`);

const stop = () => {
  void emulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
