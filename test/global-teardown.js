const fs = require("fs");

module.exports = async () => {
  if (process.env.HYBRID_MESH_TEST_OUT)
    fs.rmSync(process.env.HYBRID_MESH_TEST_OUT, { recursive: true, force: true });
};
