// Small helpers the portal's pages call from the server.
window.daraPortal = {
    // Remembers the light/dark choice for a year, so the next page load renders in it straight away.
    rememberTheme(cookie, dark) {
        document.cookie = `${cookie}=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax`;
    },
    // Marks the page as live (the circuit is connected), so tests and scripts know clicks are now handled.
    markInteractive() {
        document.body.dataset.daraInteractive = "true";
    },
    // Focuses the first element matching the selector (a new page's heading, for screen readers): now if the page shows
    // it, else as soon as it does. A page that loads first shows a skeleton and its heading only later, which Blazor's
    // FocusOnNavigate, looking once right after the first render, missed. The wait ends at the next navigation, after
    // ten seconds, or when the user has put focus somewhere meanwhile (that focus is theirs to keep).
    focusWhenShown(selector) {
        this._stopFocusWait?.();
        const focus = element => {
            // Like Blazor's own: a heading is not focusable until it has a tabindex.
            if (!element.hasAttribute("tabindex")) {
                element.tabIndex = -1;
            }
            element.focus({ preventScroll: true });
        };
        const shown = document.querySelector(selector);
        if (shown) {
            focus(shown);
            return;
        }

        const observer = new MutationObserver(() => {
            const element = document.querySelector(selector);
            if (element) {
                stop();
                const focusIsFree = document.activeElement === null || document.activeElement === document.body;
                if (focusIsFree) {
                    focus(element);
                }
            }
        });
        const timer = setTimeout(() => stop(), 10000);
        const stop = () => {
            observer.disconnect();
            clearTimeout(timer);
            this._stopFocusWait = null;
        };
        this._stopFocusWait = stop;
        observer.observe(document.body, { childList: true, subtree: true });
    },
};
