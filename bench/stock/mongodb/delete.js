/*
 * Stock MongoDB delete: Auth0's dashboard template (auth0/db-connections-templates
 * src/scripts/mongo/delete.js; auth0/docs .../custom-db/templates/delete.md).
 * Adapted (bench/stock/README.md): the served mongodb driver's promises for mongodb@3.1.4's callbacks
 * (deleteOne for the removed remove), configuration.MONGODB_URL and MONGODB_DATABASE, and the id read
 * back as an ObjectId: the template's `{ _id: id }` matches no document whose _id is an ObjectId.
 */
function remove(id, callback) {
  const mongodb = require('mongodb');
  const client = new mongodb.MongoClient(configuration.MONGODB_URL);

  client.connect().then(function () {
    const db = client.db(configuration.MONGODB_DATABASE);
    const users = db.collection('users');
    const _id = mongodb.ObjectId.isValid(id) ? new mongodb.ObjectId(id) : id;

    users.deleteOne({ _id: _id }).then(
      function () {
        client.close();
        callback(null);
      },
      function (err) {
        client.close();
        return callback(err);
      },
    );
  }, callback);
}
