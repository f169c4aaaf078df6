// The chat page: streams answers from POST /api/chat, shows [n] citations as chips that open the
// source with the cited span highlighted (sources.js), and keeps the conversation in localStorage.
// Everything that comes from a document or an answer is inserted as text (textContent, text
// nodes), never as HTML.
"use strict";

const STORE_KEY = "news-qa.conversation.v1";
const AS_OF_KEY = "news-qa.as-of.v1"; // kept with the conversation: its follow-ups mean what they meant
const HISTORY_LIMIT = 20; // messages sent back for follow-up resolution
// no event from the server for this long: the answer is given up, not awaited forever (a page may set it lower)
const IDLE_LIMIT_MS = window.newsQaIdleLimitMs || 90_000;
const $ = (id) => document.getElementById(id);
let conversation = load();
let busy = false;
let pending = null; // the AbortController of the question being answered

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

// The whole conversation, drawn at load and when it is cleared; a turn is added by itself (addTurn), so the
// turns already read are not redrawn (the list is a live region: a screen reader would read them all again).
function renderAll() {
  $("messages").replaceChildren(...conversation.map(renderMessage));
  $("empty").hidden = conversation.length > 0;
  showLatest();
}

// One more turn drawn at the end of the list, or in the place of ``stand`` (the answer as it streamed).
function addTurn(message, stand) {
  const item = renderMessage(message);
  if (stand && stand.isConnected) stand.replaceWith(item);
  else $("messages").append(item);
  $("empty").hidden = true;
  showLatest();
}

// The newest turn (and the status under it) kept in view, as a conversation reads: above the question bar,
// which stays at the bottom of the window over the page.
function showLatest() {
  const last = $("status").hidden ? $("messages").lastElementChild : $("status");
  if (!last) return;
  last.scrollIntoView({ block: "nearest" });
  const hidden = last.getBoundingClientRect().bottom - $("ask").getBoundingClientRect().top;
  if (hidden > 0) window.scrollBy(0, hidden + 8);
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
  const asOf = message.timeWindow ? message.timeWindow.as_of : null;
  if (message.standalone) item.append(el("span", "standalone", answeredAs(message.standalone)));
  const when = timeNote(message.timeWindow);
  if (when) item.append(el("span", "time-window", when));
  if (message.mode === "generative" && message.sentences) {
    item.append(el("span", "written-note", "Written by a language model; each sentence was checked against the source it cites."));
    if (message.note) item.append(el("span", "time-window", message.note)); // the extractive text begins with it
    item.append(writtenBody(message.sentences, message.citations || [], asOf));
  } else {
    // a language model is configured and this is not its answer: say why (it took too long, failed, or nothing
    // it wrote checked out), so a reader who saw its draft knows what replaced it
    if (message.fallback) {
      item.append(el("span", "fallback-note", `The quoted passages, not a written answer: ${message.fallback}.`));
    }
    item.append(answerBody(message.content, message.citations || [], asOf));
  }
  if (message.citations && message.citations.length) {
    item.append(sourcesList(message.citations, asOf));
  }
  return item;
}

// The answer text with each [n] marker replaced by a chip for citation n.
function answerBody(text, citations, asOf) {
  const body = el("span", "answer");
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  let last = 0;
  for (const match of text.matchAll(/\[(\d+)\]/g)) {
    const citation = byNumber.get(Number(match[1]));
    if (!citation) continue;
    body.append(document.createTextNode(text.slice(last, match.index)), chip(citation, asOf));
    last = match.index + match[0].length;
  }
  body.append(document.createTextNode(text.slice(last)));
  return body;
}

// A written answer sentence by sentence: verified ones with their chips, any unverified one struck through.
function writtenBody(sentences, citations, asOf) {
  const body = el("span", "answer");
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  for (const sentence of sentences) {
    const part = el(sentence.verified ? "span" : "s", `sentence ${sentence.verified ? "verified" : "unverified"}`);
    part.append(document.createTextNode(sentence.text));
    if (!sentence.verified) part.title = `Not verified: ${sentence.reason}`;
    for (const n of sentence.citations) {
      const citation = byNumber.get(n);
      if (citation) part.append(document.createTextNode(" "), chip(citation, asOf));
    }
    body.append(part, document.createTextNode(" "));
  }
  return body;
}

// ``asOf``: the date the question was asked for (the viewer marks an old source against it)
function chip(citation, asOf) {
  const button = el("button", "chip", String(citation.n));
  button.type = "button";
  button.title = citation.title;
  button.dataset.n = String(citation.n);
  button.setAttribute("aria-label", `Source ${citation.n}: ${citation.title}`);
  button.addEventListener("click", () => openSource(citation, asOf));
  return button;
}

// What the answer's time was read as: "As of 2024-03-14; articles of 2024-03-07 to 2024-03-14 (this week)".
// The question a follow-up was answered as, its context apart: "When was it announced? (Philadelphia; Jokic)" reads
// "Answered as: When was it announced? (in the context of: Philadelphia; Jokic)" (a trial of the page found the
// bracketed names confusing, read as part of a question no one would ask)
const APPENDED = /(?:\s*\([^()]*\))+\s*$/;
function answeredAs(standalone) {
  const appended = standalone.match(APPENDED);
  if (!appended) return `Answered as: ${standalone}`;
  const parts = [...appended[0].matchAll(/\(([^()]*)\)/g)].map((m) => m[1]).join("; ");
  return `Answered as: ${standalone.slice(0, appended.index).trim()} (in the context of: ${parts})`;
}

function timeNote(window) {
  if (!window) return "";
  const parts = [`As of ${window.as_of.slice(0, 10)}`];
  if (window.from) parts.push(`articles of ${window.from} to ${window.to} preferred (${window.phrase})`);
  else if (window.prefer_recent) parts.push(`recent articles preferred (${window.phrase})`);
  return parts.join("; ");
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
      if (!data.length) continue;
      let parsed;
      try {
        parsed = JSON.parse(data.join("\n"));
      } catch {
        throw new Error(`the server sent an unreadable "${name}" event`);
      }
      yield [name, parsed];
    }
  }
}

// The turns sent back for follow-ups: each question with its answer, and the question being asked. A question
// that failed (or whose answer never came: a reload while it was asked) is left out with its error.
function history() {
  const turns = [];
  conversation.forEach((m, i) => {
    const next = conversation[i + 1];
    const answered = m.role === "user" && next && next.role === "assistant" && !next.error;
    if ((m.role === "assistant" && !m.error) || answered || (m.role === "user" && i === conversation.length - 1)) {
      turns.push({ role: m.role, content: m.content });
    }
  });
  return turns.slice(-HISTORY_LIMIT);
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
  const thread = conversation; // "New conversation" while this is asked starts another: the answer is dropped
  // asked again after it failed: the new try takes the failed one's place (a user trial saw a question four times
  // after three failures, in the saved conversation too)
  const [asked, failed] = thread.slice(-2);
  if (failed && failed.error && asked.role === "user" && asked.content === question) {
    thread.splice(-2, 2);
    const items = $("messages").children;
    for (let n = 0; n < 2 && items.length; n++) items[items.length - 1].remove();
  }
  thread.push({ role: "user", content: question });
  save();
  addTurn(thread[thread.length - 1]);
  setBusy(true, "Searching the articles…");
  const answer = { role: "assistant", content: "", citations: [] };
  const live = el("li", "msg assistant streaming");
  live.setAttribute("aria-busy", "true");
  let draft = "";
  let finished = false;
  const controller = new AbortController();
  pending = controller;
  let idle = setTimeout(() => controller.abort("idle"), IDLE_LIMIT_MS);
  const heard = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort("idle"), IDLE_LIMIT_MS);
  };
  try {
    const response = await fetch("/api/chat", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ messages: history(), stream: true, ...($("as-of").value ? { as_of: $("as-of").value } : {}) }),
      signal: controller.signal,
    });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new Error(problem.message || `the server answered ${response.status}`);
    }
    $("messages").append(live); // aria-busy: read out once whole, not at every word
    for await (const [name, data] of readEvents(response.body)) {
      heard();
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
        showLatest();
      } else if (name === "citations") {
        answer.citations = data.citations;
        answer.supported = data.supported;
        answer.mode = data.mode;
        answer.sentences = data.sentences;
        answer.note = data.note;
        answer.fallback = data.fallback;
      } else if (name === "done") {
        answer.timeWindow = data.time_window;
        finished = true;
      }
    }
    // a stream cut short (a proxy, a dropped connection) ends like a whole one: only "done" says it is whole
    if (!finished) throw new Error("the answer was cut off before it was complete; ask again");
    thread.push(answer);
  } catch (error) {
    const reason = controller.signal.reason;
    let content = `The question could not be answered: ${error.message}`;
    if (reason === "idle") content = `No answer came in ${IDLE_LIMIT_MS / 1000} s; the server may be busy. Ask again.`;
    else if (error instanceof TypeError) content = "The server cannot be reached. Check that it is running (make serve) and try again.";
    if (reason !== "cleared") thread.push({ role: "assistant", error: true, content });
    if (thread === conversation && !$("question").value) $("question").value = question; // to ask again as it was
  } finally {
    clearTimeout(idle);
    if (pending === controller) pending = null;
    save();
    // the answer (or the error) in the place of its stream; a cleared conversation has nothing more to show
    if (thread === conversation) addTurn(thread[thread.length - 1], live);
    setBusy(false, "");
  }
}

$("ask").addEventListener("submit", (event) => {
  event.preventDefault();
  const question = $("question").value.trim();
  if (busy) return;
  if (!question) {  // spaces alone: say so (a user trial's "   " and Enter did nothing, the spaces hiding the hint)
    $("question").value = "";
    setBusy(false, "Type a question about the articles first.");
    $("question").focus();
    return;
  }
  if ($("as-of").validity.badInput || $("as-of").validity.rangeUnderflow) { // a half-typed date reads as empty
    setBusy(false, "The 'as of' date is not a whole date (from 1900 on): complete it or clear it.");
    $("as-of").focus();
    return;
  }
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
  if (pending) pending.abort("cleared");
  conversation = [];
  save();
  renderAll();
  closeSource();
});

$("viewer-close").addEventListener("click", () => closeSource());
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !$("viewer").hidden) closeSource($("viewer").contains(document.activeElement));
});

$("as-of").value = localStorage.getItem(AS_OF_KEY) || "";
$("as-of").addEventListener("change", () => localStorage.setItem(AS_OF_KEY, $("as-of").value));

renderAll();
