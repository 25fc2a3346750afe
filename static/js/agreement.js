// The agreement page's entry point: a refused or failed adjudication says why beside
// the button pressed, as on the reading page.
import * as errors from "./errors.js";

errors.init();
