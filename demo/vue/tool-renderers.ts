/**
 * The Vue page's tool renderers: Vue components, each mounted with `createApp` into the
 * container the chat hands a function renderer (in the page's light DOM); a new `toolCall`
 * goes into a shallow ref, and the app is unmounted when its message goes.
 */
import {createApp, defineComponent, h, shallowRef, type Component, type PropType} from 'vue';
import type {ToolCallView, ToolRenderer} from '../../src/index.ts';

const call = {type: Object as PropType<ToolCallView>, required: true} as const;

const WeatherCard = defineComponent({
  props: {call},
  setup: (props) => () => {
    const out = props.call.output as
      {temperatureC: number; conditions: string; windKph: number} | undefined;
    return h('div', {class: 'demo-card'}, [
      h('strong', `Weather in ${String(props.call.arguments['city'])}`),
      h(
        'p',
        out
          ? `${out.temperatureC} °C, ${out.conditions}, wind ${out.windKph} km/h`
          : 'Checking the forecast…',
      ),
    ]);
  },
});

const RefundConfirmation = defineComponent({
  props: {call},
  setup: (props) => () => {
    const {orderId, amount, currency} = props.call.arguments as {
      orderId: string;
      amount: number;
      currency: string;
    };
    const approval = props.call.approval;
    const decision = approval?.decision;
    return h('div', {class: 'demo-card'}, [
      h('strong', `Refund for order ${orderId}`),
      h('p', {class: 'amount'}, `${amount.toFixed(2)} ${currency}`),
      h(
        'p',
        {role: 'status'},
        props.call.status === 'complete'
          ? 'Refund issued.'
          : decision
            ? `Refund ${decision.toLowerCase()}.`
            : approval
              ? 'Waiting for your decision.'
              : 'Preparing the refund…',
      ),
      approval && !decision
        ? h('div', [
            h(
              'button',
              {type: 'button', class: 'approve', onClick: () => void approval.approve()},
              'Approve refund',
            ),
            h(
              'button',
              {type: 'button', class: 'reject', onClick: () => void approval.reject()},
              'Reject refund',
            ),
          ])
        : null,
    ]);
  },
});

/** A function renderer that mounts `component` as its own Vue app. */
function vueRenderer(component: Component): ToolRenderer {
  return (first, container) => {
    const current = shallowRef(first);
    const app = createApp({render: () => h(component, {call: current.value})});
    app.mount(container);
    return {update: (next) => (current.value = next), destroy: () => app.unmount()};
  };
}

export const toolRenderers: Record<string, ToolRenderer> = {
  get_weather: vueRenderer(WeatherCard),
  issue_refund: vueRenderer(RefundConfirmation),
};
