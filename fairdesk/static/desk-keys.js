// The desk's keyboard shortcuts (listed in the help overlay, opened with "?").
// j / k: next / previous case in a list; Enter opens it (the link has focus); on a case
// page j opens the next case in queue order.
// On a case page: r reply, n internal note, t take; on any page: / search, Esc closes.
// Keys typed into a field never trigger a shortcut. Also: the presence poll's typing flag.
(function () {
  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function openForm(name) {
    var box = document.getElementById("action-" + name);
    if (!box) {
      return false;
    }
    box.open = true;
    var field = box.querySelector("textarea, input:not([type=hidden])");
    if (field) {
      field.focus();
    }
    return true;
  }

  function moveInList(step) {
    var links = Array.prototype.slice.call(
      document.querySelectorAll("table.cases tbody td:first-child a, table.cases tbody td:nth-child(2) a")
    ).filter(function (link) {
      return link.getAttribute("href").indexOf("/cases/") !== -1;
    });
    if (!links.length) {
      return false;
    }
    var at = links.indexOf(document.activeElement);
    var next = links[Math.min(links.length - 1, Math.max(0, at + step))];
    if (at === -1) {
      next = links[0];
    }
    next.focus();
    return true;
  }

  function take() {
    var button = document.querySelector("form[action$='/take/'] button");
    if (button) {
      button.click();
    }
    return Boolean(button);
  }

  function help() {
    var dialog = document.getElementById("keys-help");
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
    return Boolean(dialog);
  }

  // On a case page (no list) j goes to the next case in queue order.
  function nextCase() {
    var link = document.querySelector("a.next-case");
    if (link) {
      window.location.assign(link.getAttribute("href"));
    }
    return Boolean(link);
  }

  var keys = {
    j: function () { return moveInList(1) || nextCase(); },
    k: function () { return moveInList(-1); },
    r: function () { return openForm("reply"); },
    n: function () { return openForm("note"); },
    t: take,
    "/": function () {
      var search = document.getElementById("search-q");
      if (search) {
        search.focus();
      }
      return Boolean(search);
    },
    "?": help,
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) {
      return;
    }
    var run = keys[event.key];
    if (run && run()) {
      event.preventDefault();
    }
  });

  // The case page's presence poll says whether a reply is being written (a draft in the
  // reply box), without sending the draft itself.
  document.addEventListener("htmx:configRequest", function (event) {
    var poll = event.detail.elt;
    if (poll.classList && poll.classList.contains("presence-poll")) {
      var draft = document.getElementById("id_reply-body");
      event.detail.parameters.typing = draft && draft.value.trim() ? "1" : "";
    }
  });

  // A saved reply from the picker goes into the reply box, after what is there.
  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-insert]");
    var box = document.getElementById("id_reply-body");
    if (pick && box) {
      box.value = box.value ? box.value.replace(/\s*$/, "") + "\n\n" + pick.dataset.insert : pick.dataset.insert;
      box.focus();
    }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-close-dialog]")) {
      event.target.closest("dialog").close();
    }
  });
})();
