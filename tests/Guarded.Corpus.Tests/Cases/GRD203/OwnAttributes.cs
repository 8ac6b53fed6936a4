// case: team-local GuardedBy attribute in its own namespace, field written without the lock
using System;
using System.Collections.Generic;

namespace Acme.Concurrency
{
    [AttributeUsage(AttributeTargets.Field)]
    public sealed class GuardedByAttribute : Attribute
    {
        public GuardedByAttribute(string guard) => Guard = guard;

        public string Guard { get; }
    }
}

namespace Acme.Billing
{
    using Acme.Concurrency;

    public sealed class InvoiceNumbers
    {
        private readonly object _sync = new object();

        [GuardedBy(nameof(_sync))]
        private readonly Queue<int> _free = new Queue<int>();

        public void Recycle(int number)
        {
            _free.Enqueue(number); // expect: GRD203
        }

        public int Take()
        {
            lock (_sync)
            {
                return _free.Count > 0 ? _free.Dequeue() : -1;
            }
        }
    }
}
