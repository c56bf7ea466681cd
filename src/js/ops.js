// Operation numbers shared with src/client/ops.rs (`Core.prepare` builds the
// request of each, `Core.settle` decodes its response).

export const SIGN_UP = 0;
export const SIGN_IN = 1;
export const EXISTS = 2;
export const TOKEN = 3;
export const RESET = 4;
export const VERIFY = 5;
export const EXTEND = 6;
export const REVOKE = 7;
export const FORMAT = 8;
export const START_SEARCH = 9;
export const GEOCODE = 10;
export const CREATE_ADDRESS = 11;
export const GET_ADDRESS = 12;
export const SEARCH = 13;
export const LIST_METHODS = 14;
export const GET_METHOD = 15;
export const LIST_POINTS = 16;
export const GET_POINT = 17;
export const DPD_POINTS = 18;
export const CREATE_SESSION = 19;
export const SET_ADDRESS = 20;
export const SESSION_METHODS = 21;
export const SELECT_METHOD = 22;
export const SESSION_POINTS = 23;
export const SELECT_POINT = 24;
export const RAW = 25;
/** Settle a search; a rejected session key gives `null` instead of an error. */
export const SEARCH_FIRST = 26;
