/*
 * Stock-style MongoDB change_email. Auth0 publishes no change_email template (auth0/docs
 * articles/connections/database/custom-db/templates/change-email.md: "There are no script templates
 * available"), so this is the MongoDB verify template (src/scripts/mongo/verify.js) with the documented
 * changeEmail(email, newEmail, verified, callback) signature, adapted as bench/stock/README.md says.
 */
function changeEmail(email, newEmail, verified, callback) {
  const MongoClient = require('mongodb').MongoClient;
  const client = new MongoClient(configuration.MONGODB_URL);

  client.connect().then(function () {
    const db = client.db(configuration.MONGODB_DATABASE);
    const users = db.collection('users');
    const update = { $set: { email: newEmail, email_verified: verified } };

    users.updateOne({ email: email }, update).then(
      function (result) {
        client.close();
        callback(null, result.matchedCount > 0);
      },
      function (err) {
        client.close();
        return callback(err);
      },
    );
  }, callback);
}
