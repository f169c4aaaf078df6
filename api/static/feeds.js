// The "Sources" panel of the chat page: the feeds (GET /api/feeds) with their last poll and error,
// a form that adds one (POST /api/feeds), a button that removes one (DELETE /api/feeds/{id}) and
// one that polls them all (POST /api/feeds/poll). Writes send the write key when one is set: the
// panel asks for it (kept for this tab only) when the server answers 401.
// Everything from the server is inserted as text, never as HTML.
"use strict";

const KEY_STORE = "news-qa.write-key";
const byId = (id) => document.getElementById(id);

function node(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function when(stamp) {
  return stamp ? new Date(stamp * 1000).toISOString().slice(0, 16).replace("T", " ") + " UTC" : "never";
}

function say(text, bad) {
  const note = byId("feeds-note");
  note.textContent = text;
  note.classList.toggle("bad", Boolean(bad));
}

// A write to the feed API; on 401 the key field is shown and the user is asked for the key.
async function write(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  const key = sessionStorage.getItem(KEY_STORE);
  if (key) headers.Authorization = `Bearer ${key}`;
  const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  if (response.status === 401) {
    byId("feeds-key-row").hidden = false;
    byId("feeds-key").focus();
    throw new Error("this server needs its write key: enter it and try again");
  }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.message || `the server answered ${response.status}`);
  }
  return response.status === 204 ? null : response.json();
}

async function showFeeds() {
  const list = byId("feeds-list");
  try {
    const response = await fetch("/api/feeds");
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    const feeds = await response.json();
    list.replaceChildren(...feeds.map(feedItem));
    if (!feeds.length) list.append(node("li", "feeds-empty", "No feeds yet: add an RSS or Atom feed's address."));
  } catch (error) {
    say(`The feeds cannot be listed: ${reason(error)}`, true);
  }
}

function feedItem(feed) {
  const item = node("li", feed.last_error ? "feed failing" : "feed");
  item.append(node("span", "feed-title", feed.title || feed.url), node("span", "feed-url", feed.url));
  const status = feed.last_error
    ? `Failed at ${when(feed.last_polled_at)}: ${feed.last_error} (last read ${when(feed.last_ok_at)})`
    : `Polled ${when(feed.last_polled_at)}; ${feed.items} items`;
  item.append(node("span", "feed-status", status));
  const remove = node("button", "secondary", "Remove");
  remove.type = "button";
  remove.setAttribute("aria-label", `Remove the feed ${feed.title || feed.url}`);
  remove.addEventListener("click", async () => {
    try {
      await write("DELETE", `/api/feeds/${encodeURIComponent(feed.id)}`);
      say(`Removed ${feed.url} (its articles stay indexed).`);
      await showFeeds();
    } catch (error) {
      say(`It cannot be removed: ${reason(error)}`, true);
    }
  });
  item.append(remove);
  return item;
}

byId("feeds-toggle").addEventListener("click", () => {
  const panel = byId("feeds");
  panel.hidden = !panel.hidden;
  byId("feeds-toggle").setAttribute("aria-expanded", String(!panel.hidden));
  if (!panel.hidden) showFeeds();
});

function closeFeeds() {
  byId("feeds").hidden = true;
  byId("feeds-toggle").setAttribute("aria-expanded", "false");
}

byId("feeds-close").addEventListener("click", closeFeeds);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && !byId("feeds").hidden && byId("viewer").hidden) closeFeeds();
});

// Why a request failed, in words: fetch's own TypeError ("Failed to fetch") means the server was not reached.
function reason(error) {
  return error instanceof TypeError ? "the server cannot be reached (is it running?)" : error.message;
}

byId("feeds-key").addEventListener("change", (event) => {
  sessionStorage.setItem(KEY_STORE, event.target.value);
});

byId("feeds-add").addEventListener("submit", async (event) => {
  event.preventDefault();
  const url = byId("feeds-url").value.trim();
  if (!url) return;
  say("Reading the feed…"); // it is read once before it is added: a wrong address is refused
  try {
    const feed = await write("POST", "/api/feeds", { url });
    byId("feeds-url").value = "";
    say(`Added ${feed.title ? `“${feed.title}” (${feed.url})` : feed.url}; its articles come in at the next poll.`);
    await showFeeds();
  } catch (error) {
    say(`The feed cannot be added: ${reason(error)}`, true);
  }
});

byId("feeds-poll").addEventListener("click", async () => {
  const button = byId("feeds-poll");
  button.disabled = true;
  say("Polling the feeds…");
  try {
    const done = await write("POST", "/api/feeds/poll");
    say(`Polled: ${done.new} new, ${done.updated} updated, ${done.unchanged} unchanged, ` +
        `${done.duplicates} duplicates, ${done.failed} failed` +
        (done.unlinked ? `, ${done.unlinked} without a link (not indexed).` : "."));
    await showFeeds();
  } catch (error) {
    say(`The feeds cannot be polled: ${reason(error)}`, true);
  } finally {
    button.disabled = false;
  }
});
