// Starts the app. A module file rather than an inline script: the server's CSP
// (script-src 'self' 'wasm-unsafe-eval') allows only scripts from this origin.
import init from './youai_frontend.js';

const placeholder = document.getElementById('boot');

init().then(
  () => placeholder?.remove(),
  (err) => {
    console.error(err);
    if (placeholder) {
      placeholder.classList.add('boot-error');
      placeholder.setAttribute('role', 'alert');
      placeholder.textContent = '页面加载失败，请刷新重试。The page failed to load; please reload.';
    }
  },
);
