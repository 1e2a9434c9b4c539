/*
 * Stock MongoDB change_password: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mongo/change_password.js; auth0/docs .../custom-db/templates/change-password.md).
 * Adapted (bench/stock/README.md): the served mongodb driver's promises for mongodb@3.1.4's callbacks
 * (updateOne for the removed update, matchedCount for result.n), configuration.MONGODB_URL and
 * MONGODB_DATABASE, the hash in `password_hash`.
 */
function changePassword(email, newPassword, callback) {
  const bcrypt = require('bcrypt');
  const MongoClient = require('mongodb').MongoClient;
  const client = new MongoClient(configuration.MONGODB_URL);

  client.connect().then(function () {
    const db = client.db(configuration.MONGODB_DATABASE);
    const users = db.collection('users');
    const fail = function (err) {
      client.close();
      return callback(err);
    };

    bcrypt.hash(newPassword, 10, function (err, hash) {
      if (err) return fail(err);

      users.updateOne({ email: email }, { $set: { password_hash: hash } }).then(function (result) {
        client.close();
        callback(null, result.matchedCount > 0);
      }, fail);
    });
  }, callback);
}
