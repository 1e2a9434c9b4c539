/*
 * Stock MongoDB get_user: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mongo/get_user.js; auth0/docs .../custom-db/templates/get-user.md).
 * Adapted (bench/stock/README.md): the served mongodb driver's promises for mongodb@3.1.4's callbacks,
 * configuration.MONGODB_URL and MONGODB_DATABASE.
 */
function getByEmail(email, callback) {
  const MongoClient = require('mongodb').MongoClient;
  const client = new MongoClient(configuration.MONGODB_URL);

  client.connect().then(function () {
    const db = client.db(configuration.MONGODB_DATABASE);
    const users = db.collection('users');

    users.findOne({ email: email }).then(
      function (user) {
        client.close();

        if (!user) return callback(null, null);

        return callback(null, {
          user_id: user._id.toString(),
          nickname: user.nickname,
          email: user.email,
        });
      },
      function (err) {
        client.close();
        return callback(err);
      },
    );
  }, callback);
}
