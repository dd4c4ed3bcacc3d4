// Enhancement only: every page works without this file.
(function () {
  // Enter sends the question (Shift+Enter for a new line); never while an IME is composing.
  var q = document.getElementById("q");
  if (q && q.form) {
    q.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
        e.preventDefault();
        q.form.requestSubmit ? q.form.requestSubmit() : q.form.submit();
      }
    });
  }
  var print = document.querySelector(".print-button");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }
})();
