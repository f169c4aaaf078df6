// The sources of an answer: the list under it (title, outlet, date, a mark on a source more than a year
// older than the question's "as of", a link to where it was published) and the viewer that shows a
// source's text with the cited span highlighted. Loaded before chat.js, which calls sourcesList and
// openSource, and whose $ and el these use. Everything from a document is inserted as text, never as HTML.
"use strict";

const docs = new Map(); // document id -> Promise of GET /api/documents/{id}

// A source more than a year older than the date the question was asked for is marked as old: published
// before the same day a year earlier (calendar years, so a leap day does not make exactly a year "more").
function isOld(published, asOf) {
  if (!published || !asOf) return false;
  const yearBefore = `${String(Number(asOf.slice(0, 4)) - 1).padStart(4, "0")}${asOf.slice(4, 10)}`;
  return published.slice(0, 10) < yearBefore;
}

function sourcesList(citations, asOf) {
  const list = el("ol", "sources");
  const first = new Map(); // document id -> the number it was first cited by
  for (const citation of citations) {
    const item = el("li");
    const open = el("button", "", `[${citation.n}] ${citation.title || citation.source}`);
    open.type = "button";
    open.addEventListener("click", () => openSource(citation, asOf));
    // the day alone, as for any article (a feed item's date has its time too: a user trial saw
    // "USA TODAY, 2019-11-19T15:00:00Z" beside "2024-05-22")
    const day = (citation.published || "undated").slice(0, 10);
    // a second passage of an article cited before says so (a user trial read [1] and [2] of one article as two
    // sources)
    const again = first.has(citation.document_id)
      ? `another passage of the article of [${first.get(citation.document_id)}]` : "";
    if (!again) first.set(citation.document_id, citation.n);
    // the day kept on one line (a user trial on a phone saw "2024-06-" and "01" on two)
    const described = (gone = "") => [` — ${citation.source}, `, el("span", "day", day),
                                      `${again ? `, ${again}` : ""}${gone}`];
    const meta = el("span", "source-meta");
    meta.append(...described());
    item.append(open, meta);
    if (isOld(citation.published, asOf)) {
      item.classList.add("old");
      item.append(el("span", "old-note", ` (more than a year before ${asOf.slice(0, 10)})`));
    }
    fetchDocument(citation.document_id)
      .then((doc) => {
        if (/^https?:\/\//i.test(doc.url || "")) item.append(sourceLink(doc.url, citation.source));
      })
      .catch((error) => {
        // only a 404 means it was removed; the server down or failing says nothing about the document
        if (error.status === 404) meta.replaceChildren(...described(" (no longer indexed)"));
      });
    list.append(item);
  }
  return list;
}

// A link to the article where it was published (its site's name shown, unless that is the outlet the row names
// already: a user trial read "www.usatoday.com, 2024-06-01 www.usatoday.com"), opened in a new tab.
function sourceLink(url, outlet) {
  const host = new URL(url).hostname;
  const link = el("a", "source-link", host === outlet ? "read the original" : host);
  link.href = url;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  return link;
}

function fetchDocument(id) {
  if (!docs.has(id)) {
    const request = fetch(`/api/documents/${encodeURIComponent(id)}`).then((response) => {
      if (!response.ok) {
        const error = new Error(`the document ${id} is not available (${response.status})`);
        error.status = response.status;
        throw error;
      }
      return response.json();
    });
    request.catch(() => docs.delete(id));
    docs.set(id, request);
  }
  return docs.get(id);
}

// The API's offsets count characters (Unicode code points, as Python does); a JavaScript string counts UTF-16
// units, two for a character outside the Basic Multilingual Plane (most emoji). The index, in units, of the
// character ``count`` characters after the one at unit ``from``.
function unitsBefore(text, count, from) {
  let at = from;
  for (let seen = 0; seen < count && at < text.length; seen++) at += text.codePointAt(at) > 0xffff ? 2 : 1;
  return at;
}

let opener = null; // what had the focus when the source was opened: it gets it back on close
let showing = null; // the citation the viewer shows: a document that arrives for an earlier one is dropped

// ``giveFocusBack``: the focus was in the viewer (a click elsewhere, the question box, keeps it where it is)
function closeSource(giveFocusBack = true) {
  if ($("viewer").hidden) return;
  $("viewer").hidden = true;
  showing = null;
  if (giveFocusBack && opener && opener.isConnected) opener.focus();
  opener = null;
}

// ``asOf``: the date the question was asked for, against which an old source is marked in the viewer too
async function openSource(citation, asOf = "") {
  const viewer = $("viewer");
  const text = $("viewer-text");
  opener = document.activeElement;
  viewer.hidden = false;
  $("viewer-close").focus();
  $("viewer-title").textContent = citation.title || citation.source;
  $("viewer-meta").textContent = "Loading the article…";
  text.replaceChildren();
  showing = citation;
  try {
    const doc = await fetchDocument(citation.document_id);
    if (showing !== citation) return; // another source was opened (or the viewer closed) while this one came
    $("viewer-meta").textContent = [doc.source, (doc.published || "").slice(0, 10), doc.author].filter(Boolean)
      .join(" · ");
    if (isOld(doc.published, asOf)) {  // as in the sources list (a user trial saw the mark there, not here)
      $("viewer-meta").append(el("span", "old-note", ` (more than a year before ${asOf.slice(0, 10)})`));
    }
    const start = unitsBefore(doc.text, citation.start, 0);
    const end = unitsBefore(doc.text, citation.end - citation.start, start);
    const mark = el("mark", "", doc.text.slice(start, end));
    mark.id = "cited";
    text.replaceChildren(
      document.createTextNode(doc.text.slice(0, start)), mark, document.createTextNode(doc.text.slice(end)));
    // Scroll the article pane only, so the page itself (and the conversation) stays where it is.
    text.scrollTop = Math.max(0, mark.offsetTop - (text.clientHeight - mark.offsetHeight) / 2);
  } catch (error) {
    if (showing === citation) $("viewer-meta").textContent = `The source cannot be shown: ${error.message}`;
  }
}
