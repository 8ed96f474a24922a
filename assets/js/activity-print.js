// activity-print.js - the evidence page's "Print this page" button
// (SES-11).  Without JavaScript the button stays hidden and the page
// says to use the browser's print command instead.
for (const button of document.querySelectorAll('[data-tandem-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
