// The script-tag page's tool renderers: plain custom elements, registered through the
// global the script-tag bundle defines. What they render is the page's own DOM (slotted
// into the chat), styled by the page's stylesheet. Tool arguments and results are data:
// they only ever become text.

/** A weather card for `get_weather`. */
class DemoWeatherCard extends HTMLElement {
  set toolCall(call) {
    const city = String(call.arguments.city ?? '');
    const out = call.output ?? {};
    this.replaceChildren();
    const title = this.appendChild(document.createElement('strong'));
    title.textContent = `Weather in ${city}`;
    const line = this.appendChild(document.createElement('p'));
    line.textContent =
      call.status === 'complete'
        ? `${out.temperatureC} °C, ${out.conditions}, wind ${out.windKph} km/h`
        : call.status === 'running'
          ? 'Checking the forecast…'
          : 'No forecast.';
  }
}

/** A refund confirmation for `issue_refund`: the amount first, then approve or reject. */
class DemoRefundConfirmation extends HTMLElement {
  set toolCall(call) {
    const {orderId, amount, currency} = call.arguments;
    const decision = call.approval?.decision;
    this.replaceChildren();
    const title = this.appendChild(document.createElement('strong'));
    title.textContent = `Refund for order ${orderId}`;
    const sum = this.appendChild(document.createElement('p'));
    sum.className = 'amount';
    sum.textContent = `${Number(amount).toFixed(2)} ${currency}`;
    const state = this.appendChild(document.createElement('p'));
    state.setAttribute('role', 'status');
    state.textContent =
      call.status === 'complete'
        ? 'Refund issued.'
        : decision
          ? `Refund ${decision.toLowerCase()}.`
          : call.approval
            ? 'Waiting for your decision.'
            : 'Preparing the refund…';
    if (call.approval && !decision) {
      const actions = this.appendChild(document.createElement('div'));
      for (const [label, act, cls] of [
        ['Approve refund', call.approval.approve, 'approve'],
        ['Reject refund', call.approval.reject, 'reject'],
      ]) {
        const button = actions.appendChild(document.createElement('button'));
        button.type = 'button';
        button.className = cls;
        button.textContent = label;
        button.addEventListener('click', () => void act());
      }
    }
  }
}

customElements.define('demo-weather-card', DemoWeatherCard);
customElements.define('demo-refund-confirmation', DemoRefundConfirmation);
window.ZabyChat.registerToolRenderer('get_weather', 'demo-weather-card');
window.ZabyChat.registerToolRenderer('issue_refund', 'demo-refund-confirmation');
