// @vitest-environment happy-dom
import {readmeMockTransportSuite} from './readme-mock-transport.ts';

readmeMockTransportSuite('happy-dom');
