import {configureZaby} from '../src/index.ts';

declare const __ZABY_ORIGIN__: string;
configureZaby({apiOrigin: __ZABY_ORIGIN__});

// Browsers without `interactive-widget` support (iOS Safari, older WebViews) overlay the
// keyboard instead of resizing the layout: follow the visual viewport so the composer stays
// above the keyboard.
const viewport = window.visualViewport;
if (viewport) {
  const fit = () => {
    document.body.style.height = `${Math.round(viewport.height)}px`;
  };
  viewport.addEventListener('resize', fit);
  fit();
}
