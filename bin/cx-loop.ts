#!/usr/bin/env node
/** CDK app entry: one stack, checked against cdk-nag's AWS Solutions rules on every synth. */
import { buildApp } from '../lib/app';

buildApp();
