// @vitest-environment jsdom
import {readmeMockTransportSuite} from './readme-mock-transport.ts';

readmeMockTransportSuite('jsdom');
