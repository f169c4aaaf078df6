// The chat page: streams answers from POST /api/chat, shows [n] citations as chips that open the
// source with the cited span highlighted, and keeps the conversation in localStorage.
// Everything that comes from a document or an answer is inserted as text (textContent, text
// nodes), never as HTML.
"use strict";

const STORE_KEY = "news-qa.conversation.v1";
const HISTORY_LIMIT = 20; // messages sent back for follow-up resolution
const $ = (id) => document.getElementById(id);
const docs = new Map(); // document id -> Promise of GET /api/documents/{id}
let conversation = load();
let busy = false;

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || "[]");
    return Array.isArray(saved) ? saved : [];
  } catch {
    return [];
  }
}

function save() {
  localStorage.setItem(STORE_KEY, JSON.stringify(conversation));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function renderAll() {
  $("messages").replaceChildren(...conversation.map(renderMessage));
  $("empty").hidden = conversation.length > 0;
}

function renderMessage(message) {
  const item = el("li", `msg ${message.role}`);
  if (message.role === "user") {
    item.textContent = message.content;
    return item;
  }
  if (message.error) {
    item.classList.add("error");
    item.textContent = message.content;
    return item;
  }
  if (message.supported === false) item.classList.add("refused");
  if (message.standalone) item.append(el("span", "standalone", `Answered as: ${message.standalone}`));
  const when = timeNote(message.timeWindow);
  if (when) item.append(el("span", "time-window", when));
  if (message.mode === "generative" && message.sentences) {
    item.append(el("span", "written-note", "Written by a language model; each sentence was checked against the source it cites."));
    item.append(writtenBody(message.sentences, message.citations || []));
  } else {
    item.append(answerBody(message.content, message.citations || []));
  }
  if (message.citations && message.citations.length) {
    item.append(sourcesList(message.citations, message.timeWindow ? message.timeWindow.as_of : null));
  }
  return item;
}

// The answer text with each [n] marker replaced by a chip for citation n.
function answerBody(text, citations) {
  const body = el("span", "answer");
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const citation = byNumber.get(Number(match[1]));
    if (!citation) continue;
    body.append(document.createTextNode(text.slice(last, match.index)), chip(citation));
    last = match.index + match[0].length;
  }
  body.append(document.createTextNode(text.slice(last)));
  return body;
}

// A written answer sentence by sentence: verified ones with their chips, any unverified one struck through.
function writtenBody(sentences, citations) {
  const body = el("span", "answer");
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  for (const sentence of sentences) {
    const part = el(sentence.verified ? "span" : "s", `sentence ${sentence.verified ? "verified" : "unverified"}`);
    part.append(document.createTextNode(sentence.text));
    if (!sentence.verified) part.title = `Not verified: ${sentence.reason}`;
    for (const n of sentence.citations) {
      const citation = byNumber.get(n);
      if (citation) part.append(document.createTextNode(" "), chip(citation));
    }
    body.append(part, document.createTextNode(" "));
  }
  return body;
}

function chip(citation) {
  const button = el("button", "chip", String(citation.n));
  button.type = "button";
  button.title = citation.title;
  button.dataset.n = String(citation.n);
  button.setAttribute("aria-label", `Source ${citation.n}: ${citation.title}`);
  button.addEventListener("click", () => openSource(citation));
  return button;
}

// What the answer's time was read as: "As of 2024-03-14; articles of 2024-03-07 to 2024-03-14 (this week)".
function timeNote(window) {
  if (!window) return "";
  const parts = [`As of ${window.as_of.slice(0, 10)}`];
  if (window.from) parts.push(`articles of ${window.from} to ${window.to} preferred (${window.phrase})`);
  else if (window.prefer_recent) parts.push(`recent articles preferred (${window.phrase})`);
  return parts.join("; ");
}

// A source more than a year older than the date the question was asked for is marked as old.
function isOld(published, asOf) {
  if (!published || !asOf) return false;
  const age = Date.parse(asOf.slice(0, 10)) - Date.parse(published.slice(0, 10));
  return age > 365 * 24 * 3600 * 1000;
}

function sourcesList(citations, asOf) {
  const list = el("ol", "sources");
  for (const citation of citations) {
    const item = el("li");
    const open = el("button", "", `[${citation.n}] ${citation.title || citation.source}`);
    open.type = "button";
    open.addEventListener("click", () => openSource(citation));
    const described = () => [citation.source, citation.published || "undated"].filter(Boolean).join(", ");
    const meta = el("span", "source-meta", ` — ${described()}`);
    item.append(open, meta);
    if (isOld(citation.published, asOf)) {
      item.classList.add("old");
      item.append(el("span", "old-note", ` (more than a year before ${asOf.slice(0, 10)})`));
    }
    fetchDocument(citation.document_id)
      .then((doc) => { if (/^https?:\/\//i.test(doc.url || "")) item.append(sourceLink(doc.url)); })
      .catch(() => { meta.textContent = ` — ${described()} (no longer indexed)`; });
    list.append(item);
  }
  return list;
}

// A link to the article where it was published (its site's name shown), opened in a new tab.
function sourceLink(url) {
  const link = el("a", "source-link", new URL(url).hostname);
  link.href = url;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  return link;
}

function fetchDocument(id) {
  if (!docs.has(id)) {
    const request = fetch(`/api/documents/${encodeURIComponent(id)}`).then((response) => {
      if (!response.ok) throw new Error(`the document ${id} is not available (${response.status})`);
      return response.json();
    });
    request.catch(() => docs.delete(id));
    docs.set(id, request);
  }
  return docs.get(id);
}

async function openSource(citation) {
  const viewer = $("viewer");
  const text = $("viewer-text");
  viewer.hidden = false;
  $("viewer-title").textContent = citation.title || citation.source;
  $("viewer-meta").textContent = "Loading the article…";
  text.replaceChildren();
  try {
    const doc = await fetchDocument(citation.document_id);
    $("viewer-meta").textContent = [doc.source, doc.published, doc.author].filter(Boolean).join(" · ");
    const mark = el("mark", "", doc.text.slice(citation.start, citation.end));
    mark.id = "cited";
    text.replaceChildren(
      document.createTextNode(doc.text.slice(0, citation.start)), mark,
      document.createTextNode(doc.text.slice(citation.end)));
    // Scroll the article pane only, so the page itself (and the conversation) stays where it is.
    text.scrollTop = Math.max(0, mark.offsetTop - (text.clientHeight - mark.offsetHeight) / 2);
  } catch (error) {
    $("viewer-meta").textContent = `The source cannot be shown: ${error.message}`;
  }
}

// Server-sent events from a fetch body: yields [event name, parsed data].
async function* readEvents(body) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      const data = [];
      for (const line of frame.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      }
      if (data.length) yield [name, JSON.parse(data.join("\n"))];
    }
  }
}

function history() {
  return conversation.filter((m) => !m.error).slice(-HISTORY_LIMIT).map((m) => ({ role: m.role, content: m.content }));
}

function setBusy(state, message) {
  busy = state;
  $("send").disabled = state;
  $("chat").setAttribute("aria-busy", String(state));
  $("status").hidden = !message;
  $("status").textContent = message || "";
}

// The answer while it streams: the checked text, and below it the model's unchecked draft, if any.
function showLive(live, checked, draft) {
  live.textContent = checked;
  if (draft) live.append(el("span", "draft", draft));
}

async function ask(question) {
  conversation.push({ role: "user", content: question });
  save();
  renderAll();
  setBusy(true, "Searching the articles…");
  const answer = { role: "assistant", content: "", citations: [] };
  const live = el("li", "msg assistant streaming");
  let draft = "";
  try {
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ messages: history(), stream: true, ...($("as-of").value ? { as_of: $("as-of").value } : {}) }),
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.message || `the server answered ${response.status}`);
    }
    $("messages").append(live);
    for await (const [name, data] of readEvents(response.body)) {
      if (name === "question" && data.standalone_question !== question) answer.standalone = data.standalone_question;
      else if (name === "draft") {
        // a language model's text as it writes, shown apart until its sentences are checked
        draft += data.text;
        showLive(live, answer.content, draft);
        setBusy(true, "Writing and checking each sentence…");
      } else if (name === "delta") {
        answer.content += data.text;
        showLive(live, answer.content, draft);
        setBusy(true, "");
      } else if (name === "citations") {
        answer.citations = data.citations;
        answer.supported = data.supported;
        answer.mode = data.mode;
        answer.sentences = data.sentences;
      } else if (name === "done") {
        answer.timeWindow = data.time_window;
      }
    }
    conversation.push(answer);
  } catch (error) {
    const unreachable = error instanceof TypeError;
    conversation.push({
      role: "assistant", error: true,
      content: unreachable
        ? "The server cannot be reached. Check that it is running (make serve) and try again."
        : `The question could not be answered: ${error.message}`,
    });
  } finally {
    save();
    renderAll();
    setBusy(false, "");
  }
}

$("ask").addEventListener("submit", (event) => {
  event.preventDefault();
  const question = $("question").value.trim();
  if (!question || busy) return;
  $("question").value = "";
  ask(question);
});

$("question").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    $("ask").requestSubmit();
  }
});

$("clear").addEventListener("click", () => {
  conversation = [];
  save();
  renderAll();
  $("viewer").hidden = true;
});

$("viewer-close").addEventListener("click", () => { $("viewer").hidden = true; });

renderAll();
