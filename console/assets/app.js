// The console's only script, served from /console/app.js (the CSP allows no
// other): a loading state for forms, confirmations, and "select all".
'use strict';

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const button = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
  const question = (button && button.dataset.confirm) || form.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
    return;
  }
  // A disabled button's name and value are not sent: carry them in a hidden field.
  if (button && button.name) {
    const copy = document.createElement('input');
    copy.type = 'hidden';
    copy.name = button.name;
    copy.value = button.value;
    form.appendChild(copy);
  }
  for (const other of form.querySelectorAll('button')) other.disabled = true;
  if (button) button.textContent = '处理中…';
  form.setAttribute('aria-busy', 'true');
});

document.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.selectAll) return;
  for (const item of document.querySelectorAll(`input[type=checkbox][name="${box.dataset.selectAll}"]`)) item.checked = box.checked;
});

// A page restored from the back-forward cache would keep its buttons disabled.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});
