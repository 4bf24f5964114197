export type TokenPrice = { input: number; output: number };
export type TokenPrices = Record<string, TokenPrice>;

/** The price of a provider's model: "provider/model" when configured, else the provider's own. */
export function priceFor(prices: TokenPrices, provider: string, model: string | null): TokenPrice | undefined {
  return (model !== null ? prices[`${provider}/${model}`] : undefined) ?? prices[provider];
}

/** Estimated USD for token counts at a price per million tokens; null when the price is unknown. */
export function estimateCost(price: TokenPrice | undefined, promptTokens: number, completionTokens: number): number | null {
  if (!price) return null;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
