// tandem.js - progressive enhancement only: every flow works without it.
//
// 1. Starts the NHS.UK frontend components (error summary focus, buttons,
//    skip link...).
// 2. The side-menu toggle switches at once instead of reloading the page,
//    and saves the choice through the API (the form still works without
//    JavaScript: it posts to /appearance).
import { initAll } from './nhsuk/nhsuk-frontend.min.js'

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported')
initAll()

// ACC-9: until a theme is chosen, follow the browser's preference.
const root = document.documentElement
if (root.hasAttribute('data-theme-default') &&
    window.matchMedia?.('(prefers-color-scheme: dark)').matches) {
  root.classList.replace('tandem-theme-light', 'tandem-theme-dark')
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', 'dark')
}

const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? ''

for (const form of document.querySelectorAll('[data-tandem-sidebar-toggle]')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const shell = document.querySelector('.tandem-shell')
    const field = form.querySelector('input[name="sidebar"]')
    const button = form.querySelector('button')
    const hide = field.value === 'hidden'
    shell.classList.toggle('tandem-shell--sidebar-hidden', hide)
    button.textContent = hide ? 'Show menu' : 'Hide menu'
    button.setAttribute('aria-expanded', String(!hide))
    field.value = hide ? 'shown' : 'hidden'
    try {
      await fetch('/api/v1/appearance', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify({ sidebar: hide ? 'hidden' : 'shown' }),
        credentials: 'same-origin'
      })
    } catch {
      // Not saved: the menu still toggled on this page.
    }
  })
}
