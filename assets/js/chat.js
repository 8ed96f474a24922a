// chat.js - the chat page's enhancement (MSG-1).  Without JavaScript the
// page works as it is: the form posts and the page reloads.  With it:
//   - sending goes through POST /api/v1/chats/{id} and the message is
//     added without a reload;
//   - the page asks POST /api/v1/chats/{id}/messages {after, since,
//     visible} (with the X-CSRF-Token header) every 3 seconds while it is
//     visible (every 30 seconds while it is hidden, and at once when it
//     becomes visible again) and shows new, edited and deleted messages;
//     only a visible page marks them read (everything up to `after` too:
//     what a hidden poll fetched is on the page by then);
//   - the draft is saved as you type (1.5 seconds after you stop).
// Messages are built with textContent: no HTML from the server or the
// other person is ever parsed.
const form = document.querySelector('[data-chat-form]')
const log = document.querySelector('[data-chat-log]')

if (form && log) {
  const token = document.querySelector('meta[name="csrf-token"]')?.content || ''
  const text = form.querySelector('textarea[name="text"]')
  const errorBox = form.querySelector('[data-chat-error]')
  const errorText = form.querySelector('[data-chat-error-text]')
  const group = text.closest('.nhsuk-form-group')
  const status = document.querySelector('[data-chat-status]')
  const draftStatus = form.querySelector('[data-chat-draft-status]')
  const apiUrl = form.dataset.apiUrl
  const pollUrl = form.dataset.pollUrl
  const draftUrl = form.dataset.draftUrl
  let after = Number(form.dataset.after) || 0
  let since = Number(form.dataset.since) || 0
  let timer = null
  let busy = false
  let draftTimer = null
  let lastDraft = text.value

  const VISIBLE_MS = 3000
  const HIDDEN_MS = 30000

  const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': token, Accept: 'application/json' }

  function showError (message) {
    errorText.textContent = message
    errorBox.hidden = false
    group.classList.add('nhsuk-form-group--error')
    text.classList.add('nhsuk-textarea--error')
    text.setAttribute('aria-describedby', 'text-hint text-error')
  }

  function clearError () {
    errorBox.hidden = true
    errorText.textContent = ''
    group.classList.remove('nhsuk-form-group--error')
    text.classList.remove('nhsuk-textarea--error')
    text.setAttribute('aria-describedby', 'text-hint')
  }

  function el (tag, cls, content) {
    const e = document.createElement(tag)
    if (cls) e.className = cls
    if (content !== undefined) e.textContent = content
    return e
  }

  function hidden (content) {
    return el('span', 'nhsuk-u-visually-hidden', content)
  }

  // One message, the same markup as templates/chat-conversation.mustache.
  function render (m) {
    const li = el('li', 'tandem-chat-msg' + (m.is_mine ? ' tandem-chat-msg--mine' : ''))
    li.id = 'message-' + m.id
    li.dataset.id = m.id
    const meta = el('p', 'tandem-chat-msg__meta')
    meta.append(el('strong', '', m.author), ' ',
      el('span', 'tandem-muted', m.sent + (m.is_edited ? ' (edited)' : '')))
    li.append(meta)
    if (m.is_deleted) {
      const p = el('p', 'tandem-chat-msg__text tandem-muted')
      p.append(el('em', '', 'Message deleted'))
      li.append(p)
    } else {
      li.append(el('p', 'tandem-chat-msg__text', m.text))
      if (m.is_mine) {
        const seen = el('p', 'tandem-chat-msg__seen tandem-muted', m.is_seen ? 'Seen' : '')
        seen.dataset.seen = ''
        li.append(seen)
      }
    }
    if (m.can_edit) {
      const a = el('a', 'tandem-chat-msg__action', 'Change')
      a.href = m.edit_url
      a.append(hidden(' your message sent ' + m.sent))
      li.append(a)
    }
    if (m.can_delete) {
      const f = el('form', 'tandem-chat-msg__delete')
      f.method = 'post'
      f.action = m.delete_url
      f.noValidate = true
      const t = el('input')
      t.type = 'hidden'
      t.name = 'csrf_token'
      t.value = token
      const b = el('button', 'tandem-chat-linkbutton', 'Delete')
      b.type = 'submit'
      b.append(hidden(' your message sent ' + m.sent))
      f.append(t, b)
      li.append(f)
    }
    return li
  }

  // Add or replace messages by id; keep the log in id order.
  function upsert (messages, otherRead) {
    let added = 0
    for (const m of messages) {
      const old = document.getElementById('message-' + m.id)
      const li = render(m)
      if (old) {
        old.replaceWith(li)
      } else {
        log.append(li)
        if (!m.is_mine) added++
      }
      if (m.id > after) after = m.id
    }
    if (otherRead !== undefined) {
      for (const li of log.querySelectorAll('.tandem-chat-msg--mine')) {
        const seen = li.querySelector('[data-seen]')
        if (seen && Number(li.dataset.id) <= otherRead) seen.textContent = 'Seen'
      }
    }
    if (messages.length) document.getElementById('chat-empty')?.remove()
    if (added) status.textContent = added === 1 ? 'New message' : added + ' new messages'
    return added
  }

  async function poll () {
    if (busy) return schedule()
    busy = true
    const visible = document.visibilityState === 'visible'
    try {
      // POST with the CSRF header: only such a request may mark messages
      // read (a GET from a link on another site must not)
      const res = await fetch(pollUrl, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ after, since, visible }) })
      if (res.ok) {
        const body = await res.json()
        since = body.now
        const added = upsert(body.messages, body.other_read_id)
        if (added && visible) log.lastElementChild?.scrollIntoView({ block: 'nearest' })
        if (!body.can_send) { form.hidden = true; return }
      }
    } catch (e) {
      // the network is down: try again later
    } finally {
      busy = false
    }
    schedule()
  }

  function schedule () {
    clearTimeout(timer)
    timer = setTimeout(poll, document.visibilityState === 'visible' ? VISIBLE_MS : HIDDEN_MS)
  }

  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') { clearTimeout(timer); poll() } else schedule()
  })

  async function saveDraft () {
    if (text.value === lastDraft) return
    const value = text.value
    try {
      const res = await fetch(draftUrl, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ text: value }) })
      if (res.ok) {
        lastDraft = value
        draftStatus.textContent = value.trim() ? 'Draft saved' : ''
      }
    } catch (e) {
      // keep the text; the next keystroke tries again
    }
  }

  text.addEventListener('input', () => {
    clearTimeout(draftTimer)
    draftTimer = setTimeout(saveDraft, 1500)
  })

  form.addEventListener('submit', async (event) => {
    // "Save draft" posts the form as it is (it works without JavaScript)
    if (event.submitter && event.submitter.hasAttribute('data-chat-save-draft')) return
    event.preventDefault()
    clearTimeout(draftTimer)
    clearError()
    const button = event.submitter
    if (button) button.disabled = true
    try {
      const res = await fetch(apiUrl, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify({ text: text.value }) })
      const body = await res.json()
      if (res.status === 201) {
        upsert([body])
        text.value = ''
        lastDraft = ''
        draftStatus.textContent = ''
        status.textContent = 'Message sent'
        document.getElementById('message-' + body.id)?.scrollIntoView({ block: 'nearest' })
      } else {
        const err = body.error || {}
        showError((err.fields && err.fields.text) || err.message || 'The message could not be sent. Try again.')
        text.focus()
      }
    } catch (e) {
      showError('The message could not be sent. Check your connection and try again.')
    } finally {
      if (button) button.disabled = false
    }
  })

  schedule()
}
