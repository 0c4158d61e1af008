/** `zaby-chat/testing`: test a host integration of `<zaby-chat>` with no server. */
export {
  MockTransport,
  type MockReply,
  type MockRun,
  type MockStep,
  type MockTransportOptions,
} from './mock-transport.ts';
