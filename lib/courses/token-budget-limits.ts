/**
 * The smallest daily token budget a course may have: below it the budget would not cover a single
 * answer with its passages. Its own module so the settings form can show it without server code.
 */
export const MIN_DAILY_TOKEN_BUDGET = 1000;
