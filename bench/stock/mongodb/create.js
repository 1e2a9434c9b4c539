/*
 * Stock MongoDB create: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mongo/create.js; auth0/docs .../custom-db/templates/create.md).
 * Adapted (bench/stock/README.md): the served mongodb driver's promises for mongodb@3.1.4's callbacks
 * (insertOne for the removed insert), configuration.MONGODB_URL and MONGODB_DATABASE, the hash in
 * `password_hash`. Like the template it stores the whole `user` Auth0 passes (tenant, client_id…).
 */
function create(user, callback) {
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

    users.findOne({ email: user.email }).then(function (withSameMail) {
      if (withSameMail) return fail(new Error('the user already exists'));

      bcrypt.hash(user.password, 10, function (err, hash) {
        if (err) return fail(err);

        user.password_hash = hash;
        delete user.password;
        users.insertOne(user).then(function () {
          client.close();
          callback(null);
        }, fail);
      });
    }, fail);
  }, callback);
}
