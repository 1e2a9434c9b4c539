/*
 * Stock MongoDB verify: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mongo/verify.js; auth0/docs .../custom-db/templates/verify.md).
 * Adapted (bench/stock/README.md): the served mongodb driver's promises for mongodb@3.1.4's callbacks
 * (updateOne for the removed update, matchedCount for result.n), configuration.MONGODB_URL and
 * MONGODB_DATABASE.
 */
function verify(email, callback) {
  const MongoClient = require('mongodb').MongoClient;
  const client = new MongoClient(configuration.MONGODB_URL);

  client.connect().then(function () {
    const db = client.db(configuration.MONGODB_DATABASE);
    const users = db.collection('users');
    const query = { email: email, email_verified: false };

    users.updateOne(query, { $set: { email_verified: true } }).then(
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
