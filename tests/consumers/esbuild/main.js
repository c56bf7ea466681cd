import init, { AfostoClient, isAfostoError } from "afosto-checkout";
import { run } from "../shared/run.js";

run({ init, AfostoClient, isAfostoError });
