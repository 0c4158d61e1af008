/**
 * The React page's tool renderers: React components, each mounted with `createRoot` into
 * the container the chat hands a function renderer (in the page's light DOM), re-rendered
 * with the new `toolCall` on every change and unmounted when its message goes.
 */
import type {ComponentType} from 'react';
import {createRoot} from 'react-dom/client';
import type {ToolCallView, ToolRenderer} from '../../src/index.ts';

function WeatherCard({call}: {call: ToolCallView}) {
  const out = call.output as
    {temperatureC: number; conditions: string; windKph: number} | undefined;
  return (
    <div className="demo-card">
      <strong>Weather in {String(call.arguments['city'])}</strong>
      <p>
        {out
          ? `${out.temperatureC} °C, ${out.conditions}, wind ${out.windKph} km/h`
          : 'Checking the forecast…'}
      </p>
    </div>
  );
}

function RefundConfirmation({call}: {call: ToolCallView}) {
  const {orderId, amount, currency} = call.arguments as {
    orderId: string;
    amount: number;
    currency: string;
  };
  const approval = call.approval;
  const decision = approval?.decision;
  return (
    <div className="demo-card">
      <strong>Refund for order {orderId}</strong>
      <p className="amount">
        {amount.toFixed(2)} {currency}
      </p>
      <p role="status">
        {call.status === 'complete'
          ? 'Refund issued.'
          : decision
            ? `Refund ${decision.toLowerCase()}.`
            : approval
              ? 'Waiting for your decision.'
              : 'Preparing the refund…'}
      </p>
      {approval && !decision ? (
        <div>
          <button type="button" className="approve" onClick={() => void approval.approve()}>
            Approve refund
          </button>
          <button type="button" className="reject" onClick={() => void approval.reject()}>
            Reject refund
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** A function renderer that mounts `Component` with its own React root. */
function reactRenderer(Component: ComponentType<{call: ToolCallView}>): ToolRenderer {
  return (call, container) => {
    const root = createRoot(container);
    root.render(<Component call={call} />);
    return {
      update: (next) => root.render(<Component call={next} />),
      // Not during the chat's own teardown: React unmounts outside another root's commit.
      destroy: () => queueMicrotask(() => root.unmount()),
    };
  };
}

export const toolRenderers: Record<string, ToolRenderer> = {
  get_weather: reactRenderer(WeatherCard),
  issue_refund: reactRenderer(RefundConfirmation),
};
