#pragma once
// A field's window of samples (arrivals, services, waits), oldest first, in
// one block used as a ring: added at the back, dropped from the front, read
// in order with random access (the window's edge is a binary search).
//
// A std::deque did this in 512-byte chunks, one new chunk every 32 to 64
// samples and one freed from the front as often. Taken between a busy day's
// other blocks, the live ones (~2,200 at 4,096 samples per field and kind)
// held that many heap pages each partly used: at 53,000 tickets served the
// heap had 8 MB free in 2,177 pieces it could not give back. The ring takes
// a new block only when it outgrows the old (doubling, up to the window's cap).
#include <cstddef>
#include <iterator>
#include <vector>

namespace qmsd {

template <class T>
class SampleRing {
  public:
    class Iterator {
      public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;

        Iterator() = default;
        Iterator(const SampleRing* ring, std::size_t pos) : ring_(ring), pos_(pos) {}
        reference operator*() const { return (*ring_)[pos_]; }
        pointer operator->() const { return &(*ring_)[pos_]; }
        reference operator[](difference_type n) const { return (*ring_)[pos_ + static_cast<std::size_t>(n)]; }
        Iterator& operator++() {
            ++pos_;
            return *this;
        }
        Iterator operator++(int) {
            Iterator was = *this;
            ++pos_;
            return was;
        }
        Iterator& operator--() {
            --pos_;
            return *this;
        }
        Iterator operator--(int) {
            Iterator was = *this;
            --pos_;
            return was;
        }
        Iterator& operator+=(difference_type n) {
            pos_ = static_cast<std::size_t>(static_cast<difference_type>(pos_) + n);
            return *this;
        }
        Iterator& operator-=(difference_type n) { return *this += -n; }
        friend Iterator operator+(Iterator it, difference_type n) { return it += n; }
        friend Iterator operator+(difference_type n, Iterator it) { return it += n; }
        friend Iterator operator-(Iterator it, difference_type n) { return it -= n; }
        friend difference_type operator-(const Iterator& a, const Iterator& b) {
            return static_cast<difference_type>(a.pos_) - static_cast<difference_type>(b.pos_);
        }
        friend bool operator==(const Iterator& a, const Iterator& b) { return a.pos_ == b.pos_; }
        friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.pos_ <=> b.pos_; }

      private:
        const SampleRing* ring_ = nullptr;
        std::size_t pos_ = 0;
    };

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    // The i-th oldest sample.
    const T& operator[](std::size_t i) const { return slots_[(head_ + i) & (slots_.size() - 1)]; }
    const T& front() const { return (*this)[0]; }
    const T& back() const { return (*this)[size_ - 1]; }
    Iterator begin() const { return Iterator(this, 0); }
    Iterator end() const { return Iterator(this, size_); }

    void push_back(const T& sample) {
        if (size_ == slots_.size()) {
            grow();
        }
        slots_[(head_ + size_) & (slots_.size() - 1)] = sample;
        ++size_;
    }
    void pop_front() {
        head_ = (head_ + 1) & (slots_.size() - 1);
        --size_;
    }

  private:
    void grow() {
        std::vector<T> bigger(slots_.empty() ? 16 : slots_.size() * 2);
        for (std::size_t i = 0; i < size_; ++i) {
            bigger[i] = (*this)[i];
        }
        slots_.swap(bigger);
        head_ = 0;
    }

    std::vector<T> slots_; // a power of two long (or empty)
    std::size_t head_ = 0;
    std::size_t size_ = 0;
};

} // namespace qmsd
