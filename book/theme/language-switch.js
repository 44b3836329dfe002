// The language switch: a link in the menu bar to the same page in the other edition. The
// English book is built at the site's root and the Chinese one under `zh-CN/` (book/build.sh),
// so the other edition's address is this page's, with `zh-CN/` put after the book's root or
// taken away. mdBook gives every page `path_to_root`, the way back to that root.
(function () {
    const buttons = document.querySelector(".right-buttons");
    if (!buttons || typeof path_to_root === "undefined") {
        return;
    }
    const chinese = document.documentElement.lang.toLowerCase().startsWith("zh");
    const root = new URL(path_to_root || "./", window.location.href);
    const page = window.location.href.slice(root.href.length);
    const link = document.createElement("a");
    link.className = "language-switch";
    if (chinese) {
        link.href = new URL("../" + page, root).href;
        link.textContent = "English";
        link.title = "Read this page in English";
        link.lang = "en";
    } else {
        link.href = new URL("zh-CN/" + page, root).href;
        link.textContent = "中文";
        link.title = "阅读本页的中文版";
        link.lang = "zh-CN";
    }
    buttons.prepend(link);
})();
