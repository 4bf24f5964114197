/** The header an embedded chat sends its widget session in (a third-party iframe may have no cookies). */
export const WIDGET_TOKEN_HEADER = "x-widget-token";
