<?php
// The helpers' answer protocol (process.ts reads it): one marked JSON line, or one marked refusal and exit 1.
function answer($value) {
  echo "\n@@RESULT@@" . json_encode($value) . "\n";
  exit(0);
}
function refuse($message) {
  echo "\n@@ERROR@@" . $message . "\n";
  exit(1);
}
