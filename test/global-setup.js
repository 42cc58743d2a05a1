// One temporary folder for everything tests synthesize, removed by global-teardown.js.
const fs = require("fs");
const os = require("os");
const path = require("path");

module.exports = async () => {
  process.env.HYBRID_MESH_TEST_OUT = fs.mkdtempSync(path.join(os.tmpdir(), "hybrid-mesh-test-"));
};
