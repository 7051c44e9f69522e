package org.foundryrelay.web;

import org.foundryrelay.store.AccountRecord;

/**
 * What every dashboard page's frame needs.
 *
 * @param nav     which navigation entry is current
 * @param account the signed-in account, or null on the sign-in and setup pages
 * @param csrf    the token every form on the page carries
 * @param notice  a message about what just happened, or null
 * @param error   what went wrong with the last action, or null
 */
public record Page(String title, String nav, AccountRecord account, String csrf, String notice, String error) {
    public Page withNotice(String text) {
        return new Page(title, nav, account, csrf, text, error);
    }

    public Page withError(String text) {
        return new Page(title, nav, account, csrf, notice, text);
    }

    public boolean admin() {
        return account != null && account.isAdmin();
    }
}
