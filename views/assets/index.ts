// The views' own static files, embedded into the binary; the app serves them under /assets/.
import appCss from "./app.css" with { type: "file" };
import printCss from "./print.css" with { type: "file" };
import appJs from "./app.js" with { type: "file" };
import liveJs from "./live.js" with { type: "file" };
import hotlineJs from "./hotline.js" with { type: "file" };
import chartsJs from "./charts.js" with { type: "file" };
import evaluationCss from "./evaluation.css" with { type: "file" };
import categoryPickerJs from "./category-picker.js" with { type: "file" };

export const VIEW_ASSETS: [string, string][] = [
  ["app.css", appCss],
  ["print.css", printCss],
  ["app.js", appJs],
  ["live.js", liveJs],
  ["hotline.js", hotlineJs],
  ["charts.js", chartsJs],
  ["evaluation.css", evaluationCss],
  ["category-picker.js", categoryPickerJs],
];
