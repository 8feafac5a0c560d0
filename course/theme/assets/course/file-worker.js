/*
 * Search for a site opened from a folder (file://).
 *
 * Material's search runs in a Web Worker, and browsers refuse to start a worker from a file://
 * page. Material's offline plugin fills the gap with a polyfill loaded from a CDN; the course
 * makes no request to outside servers, so this file stands in for it: on file:// only, `Worker`
 * becomes an object that runs the worker's script in a hidden frame of the same page and passes
 * messages to and from it as a worker would (asynchronously, as copies). Material's search
 * worker looks for `IFrameWorker` on its parent to find its language files next to its script.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof window.Worker === "undefined") return;

  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      this.pending = [];
      this.scope = null;
      this.frame = document.createElement("iframe");
      this.frame.hidden = true;
      this.frame.tabIndex = -1;
      this.frame.setAttribute("aria-hidden", "true");
      this.frame.title = "Search";
      (document.body || document.documentElement).appendChild(this.frame);
      const scope = this.frame.contentWindow;
      // What the worker's script calls `postMessage` comes back here, like a worker's reply.
      scope.postMessage = (data) => {
        const copy = structuredClone(data);
        setTimeout(() => this.dispatchEvent(new MessageEvent("message", { data: copy })), 0);
      };
      const script = scope.document.createElement("script");
      script.src = new URL(url, document.baseURI).href;
      script.addEventListener("load", () => {
        this.scope = scope;
        this.pending.splice(0).forEach((data) => this.deliver(data));
      });
      script.addEventListener("error", () => this.dispatchEvent(new Event("error")));
      scope.document.documentElement.appendChild(script);
    }

    postMessage(data) {
      if (this.scope) this.deliver(data);
      else this.pending.push(data);
    }

    deliver(data) {
      const scope = this.scope;
      const copy = scope.structuredClone(data);
      setTimeout(() => scope.dispatchEvent(new scope.MessageEvent("message", { data: copy })), 0);
    }

    terminate() {
      this.frame.remove();
      this.scope = null;
    }
  }

  window.IFrameWorker = FileWorker;
  window.Worker = FileWorker;
})();
