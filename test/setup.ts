import { Testing } from "cdktf";
// The types of cdktf's jest matchers (toHaveResourceWithProperties, ...), which setupJest() installs.
import type {} from "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
