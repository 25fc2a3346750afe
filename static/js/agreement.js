// The agreement page's entry point: a refused or failed adjudication says why beside
// the button pressed, as on the reading page; keys for the disputes, and `?` for them all.
import * as disputes from "./disputes.js";
import * as errors from "./errors.js";
import * as help from "./help.js";

errors.init();
help.init();
disputes.init();
